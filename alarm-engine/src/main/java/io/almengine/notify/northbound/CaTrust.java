package io.almengine.notify.northbound;

import io.almengine.notify.InvalidReceiverException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS that trusts the JDK's CAs and, when given, the PEM certificate(s) of a receiver's {@code tlsCaFile}. */
final class CaTrust {

    private CaTrust() {
    }

    static SSLSocketFactory socketFactory(Path caFile) {
        try {
            if (caFile == null) {
                return (SSLSocketFactory) SSLSocketFactory.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate system : systemTrust().getAcceptedIssuers()) {
                store.setCertificateEntry("system-" + i++, system);
            }
            int own = 0;
            try (InputStream in = Files.newInputStream(caFile)) {
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + own++, certificate);
                }
            }
            if (own == 0) {
                throw new InvalidReceiverException("tlsCaFile", caFile + " holds no PEM certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new InvalidReceiverException("tlsCaFile", "cannot read " + caFile + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new InvalidReceiverException("tlsCaFile", caFile + " is not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        for (TrustManager manager : system.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
