package io.almengine.notify.email;

import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.Notification;
import io.almengine.notify.Receiver;
import io.almengine.notify.ReceiverSpec;
import io.almengine.notify.SendLimit;
import io.almengine.notify.message.Digest;
import io.almengine.notify.message.MessageStyle;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * An {@code email} receiver: one message per notification, plain text and HTML, through the
 * {@code smarthost}. Fields: {@code to} (addresses, comma-separated), {@code from},
 * {@code smarthost} ({@code host:port}), optional {@code authUsername}/{@code authPassword},
 * {@code tls} ({@code starttls}, the default, {@code ssl} or {@code none}), {@code tlsCaFile} (a PEM
 * certificate to trust besides the system's, for a relay with a private CA), {@code headers.<Name>}
 * (extra or replaced headers), {@code language}, {@code timeZone}.
 */
public final class EmailReceiver implements Receiver {

    /** An SMTP relay answers in seconds; beyond this the attempt is retried, not waited on. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;

    private enum Tls { STARTTLS, SSL, NONE }

    private final String name;
    private final InternetAddress[] to;
    private final InternetAddress from;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Tls tls;
    private final SSLSocketFactory trust;
    private final Map<String, String> headers;
    private final MessageStyle style;
    private final Clock clock;

    private EmailReceiver(String name, InternetAddress[] to, InternetAddress from, String host, int port,
                          String username, String password, Tls tls, SSLSocketFactory trust,
                          Map<String, String> headers, Duration timeout, MessageStyle style, Clock clock) {
        this.name = name;
        this.timeout = timeout;
        this.to = to;
        this.from = from;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.tls = tls;
        this.trust = trust;
        this.headers = headers;
        this.style = style;
        this.clock = clock;
    }

    public static EmailReceiver of(ReceiverSpec spec, Clock clock) {
        InternetAddress[] to = addresses("to", spec.required("to"));
        InternetAddress[] from = addresses("from", spec.required("from"));
        if (from.length != 1) {
            throw new InvalidReceiverException("from", "must be one address");
        }
        String smarthost = spec.required("smarthost");
        int colon = smarthost.lastIndexOf(':');
        int port;
        try {
            port = colon < 1 ? -1 : Integer.parseInt(smarthost.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidReceiverException("smarthost", "must be host:port (e.g. smtp.example.com:587), not '" + smarthost + "'");
        }
        String host = smarthost.substring(0, colon).replaceAll("^\\[|]$", "");
        String username = spec.optional("authUsername", null);
        String password = spec.optional("authPassword", null);
        if ((username == null) != (password == null)) {
            throw new InvalidReceiverException(username == null ? "authUsername" : "authPassword",
                    "is required with " + (username == null ? "authPassword" : "authUsername"));
        }
        String mode = spec.optional("tls", "starttls").toLowerCase(Locale.ROOT);
        Tls tls = switch (mode) {
            case "starttls" -> Tls.STARTTLS;
            case "ssl" -> Tls.SSL;
            case "none" -> Tls.NONE;
            default -> throw new InvalidReceiverException("tls", "must be starttls, ssl or none, not '" + mode + "'");
        };
        String caFile = spec.optional("tlsCaFile", null);
        SSLSocketFactory trust = caFile == null ? null : trusting(Path.of(caFile));
        Map<String, String> headers = new TreeMap<>();
        spec.fields().forEach((field, value) -> {
            if (field.startsWith("headers.") && field.length() > "headers.".length()) {
                headers.put(field.substring("headers.".length()), value);
            }
        });
        return new EmailReceiver(spec.name(), to, from[0], host, port, username, password, tls, trust, headers,
                timeout(spec), MessageStyle.of(spec), clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendLimit limit() {
        return SendLimit.NONE;
    }

    @Override
    public Delivery deliver(Notification notification) {
        Session session = Session.getInstance(properties());
        try {
            MimeMessage message = message(session, Digest.of(notification, style));
            try (Transport transport = session.getTransport(tls == Tls.SSL ? "smtps" : "smtp")) {
                transport.connect(host, port, username, password);
                transport.sendMessage(message, to);
                String said = transport instanceof SMTPTransport smtp ? smtp.getLastServerResponse() : "sent";
                return Delivery.sent(answer(said));
            }
        } catch (MessagingException e) {
            return outcome(e);
        }
    }

    private MimeMessage message(Session session, Digest digest) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(digest.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        MimeBodyPart text = new MimeBodyPart();
        text.setText(MailBody.text(digest), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(MailBody.html(digest), "UTF-8", "html");
        // Plain text first: a client shows the last part it can, so HTML where it can.
        message.setContent(new MimeMultipart("alternative", text, html));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        return message;
    }

    private Properties properties() {
        String protocol = tls == Tls.SSL ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put(p + "host", host);
        properties.put(p + "port", Integer.toString(port));
        properties.put(p + "connectiontimeout", Long.toString(timeout.toMillis()));
        properties.put(p + "timeout", Long.toString(timeout.toMillis()));
        properties.put(p + "writetimeout", Long.toString(timeout.toMillis()));
        properties.put(p + "auth", Boolean.toString(username != null));
        if (tls == Tls.STARTTLS) {
            // Required: a relay (or a man in the middle) that does not offer it gets nothing in clear.
            properties.put(p + "starttls.enable", "true");
            properties.put(p + "starttls.required", "true");
        }
        if (tls != Tls.NONE) {
            properties.put(p + "ssl.checkserveridentity", "true");
            if (trust != null) {
                properties.put(p + "ssl.socketFactory", trust);
            }
        }
        return properties;
    }

    private Delivery outcome(MessagingException e) {
        String said = answer(describe(e));
        if (e instanceof AuthenticationFailedException) {
            return Delivery.failed(said);
        }
        if (e instanceof SMTPSendFailedException refused) {
            // 4xx: the relay may take it later (greylisting, a full queue); 5xx never.
            return refused.getReturnCode() >= 400 && refused.getReturnCode() < 500
                    ? Delivery.retry(said, null) : Delivery.failed(said);
        }
        if (e instanceof SendFailedException) {
            return Delivery.failed(said);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return Delivery.failed(said);
            }
            if (cause instanceof IOException) {
                return Delivery.retry(said, null);
            }
        }
        String text = e.getMessage() == null ? "" : e.getMessage();
        if (text.contains("STARTTLS")) {
            return Delivery.failed(said);
        }
        return Delivery.retry(said, null);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e; cause != null && text.length() < 400; cause = cause.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage().strip());
            }
        }
        return text.toString();
    }

    private String answer(String text) {
        String safe = password == null || password.length() < 4 ? text : text.replace(password, "***");
        safe = safe.strip();
        return safe.length() <= 500 ? safe : safe.substring(0, 500) + "…";
    }

    /** The {@code timeout} field (ISO-8601, e.g. PT30S), else {@link #TIMEOUT}. */
    private static Duration timeout(ReceiverSpec spec) {
        String value = spec.optional("timeout", null);
        if (value == null) {
            return TIMEOUT;
        }
        try {
            Duration timeout = Duration.parse(value);
            if (!timeout.isNegative() && !timeout.isZero()) {
                return timeout;
            }
        } catch (java.time.format.DateTimeParseException e) {
            // reported below
        }
        throw new InvalidReceiverException("timeout", "must be a positive ISO-8601 duration such as PT10S, not '" + value + "'");
    }

    private static InternetAddress[] addresses(String field, String value) {
        try {
            InternetAddress[] addresses = InternetAddress.parse(value, true);
            if (addresses.length == 0) {
                throw new InvalidReceiverException(field, "has no address");
            }
            for (InternetAddress address : addresses) {
                address.validate();
            }
            return addresses;
        } catch (AddressException e) {
            throw new InvalidReceiverException(field, "'" + value + "' is not a list of e-mail addresses (" + e.getMessage() + ")");
        }
    }

    /** The system's trusted CAs plus the PEM certificate(s) of {@code caFile}. */
    private static SSLSocketFactory trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new InvalidReceiverException("tlsCaFile", caFile + " holds no PEM certificate");
            }
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            TrustManagerFactory own = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            own.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {
                    new EitherTrust(system.getTrustManagers(), own.getTrustManagers())}, null);
            return context.getSocketFactory();
        } catch (IOException e) {
            throw new InvalidReceiverException("tlsCaFile", "cannot read " + caFile + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new InvalidReceiverException("tlsCaFile", caFile + " is not a PEM certificate (" + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return "EmailReceiver[name=" + name + ", smarthost=" + host + ":" + port + ", tls="
                + tls.name().toLowerCase(Locale.ROOT) + ", auth=" + (username != null) + "]";
    }
}
