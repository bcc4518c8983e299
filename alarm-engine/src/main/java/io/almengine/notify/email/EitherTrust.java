package io.almengine.notify.email;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Trusts a server that the system's CAs or the receiver's own CA vouch for. */
final class EitherTrust implements X509TrustManager {

    private final List<X509TrustManager> managers = new ArrayList<>();

    EitherTrust(TrustManager[] system, TrustManager[] own) {
        for (TrustManager manager : Stream.concat(Stream.of(system), Stream.of(own)).toList()) {
            if (manager instanceof X509TrustManager x509) {
                managers.add(x509);
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        CertificateException last = new CertificateException("no trust manager");
        for (X509TrustManager manager : managers) {
            try {
                manager.checkServerTrusted(chain, authType);
                return;
            } catch (CertificateException e) {
                last = e;
            }
        }
        throw last;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a mail client does not check clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return managers.stream().flatMap(m -> Stream.of(m.getAcceptedIssuers())).toArray(X509Certificate[]::new);
    }
}
