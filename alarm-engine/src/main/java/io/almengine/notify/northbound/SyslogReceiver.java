package io.almengine.notify.northbound;

import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import io.almengine.notify.Receiver;
import io.almengine.notify.ReceiverSpec;
import io.almengine.notify.SendLimit;
import io.almengine.notify.message.MessageStyle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A {@code syslog} receiver: one syslog message per alarm of a notification, its text from
 * {@link BodyTemplate} over FusionInsight's northbound fields. Fields: {@code host}, {@code port}
 * (514 for udp and tcp, 6514 for tls), {@code protocol} (udp, the default, tcp or tls, the last two
 * framed by octet counting as RFC 6587 3.4.1 and RFC 5425 say), {@code tlsCaFile} (a PEM CA to trust
 * besides the JDK's), {@code format} (rfc5424, the default, or rfc3164), {@code facility} (local0 by
 * default; a name or 0–23), {@code template}, {@code hostname} (the HOSTNAME sent; this machine's
 * name by default), {@code language}, {@code timeZone} (of the body's times and of RFC 3164's
 * timestamp), {@code timeout}, and {@link PeriodicReport}'s {@code reReportInterval} and
 * {@code heartbeatInterval}.
 *
 * <p>PRI = facility × 8 + severity, the severity from the alarm's level: critical 2 (crit), major 3
 * (err), minor 4 (warning), warning 5 (notice); a clear and the heartbeat 6 (informational).
 */
public final class SyslogReceiver implements Periodic {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** RFC 5424 7.2.2: an SD-ID of one's own is name@private-enterprise-number (the MIB's, see there). */
    static final String SD_ID = "alm@" + SnmpReceiver.ENTERPRISE_NUMBER;

    static final String HEARTBEAT_MSGID = "HEARTBEAT";

    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    enum Protocol { UDP, TCP, TLS }

    private final String name;
    private final String host;
    private final int port;
    private final Protocol protocol;
    private final SSLSocketFactory tls;
    private final SyslogFormat format;
    private final int facility;
    private final BodyTemplate template;
    private final String hostname;
    private final MessageStyle style;
    private final Duration timeout;
    private final PeriodicReport periodic;
    private final Clock clock;

    private SyslogReceiver(String name, String host, int port, Protocol protocol, SSLSocketFactory tls,
                           SyslogFormat format, int facility, BodyTemplate template, String hostname,
                           MessageStyle style, Duration timeout, PeriodicReport periodic, Clock clock) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.protocol = protocol;
        this.tls = tls;
        this.format = format;
        this.facility = facility;
        this.template = template;
        this.hostname = hostname;
        this.style = style;
        this.timeout = timeout;
        this.periodic = periodic;
        this.clock = clock;
    }

    public static SyslogReceiver of(ReceiverSpec spec, Clock clock) {
        String host = spec.required("host");
        Protocol protocol = choice(spec, "protocol", Protocol.UDP, Protocol.values());
        int port = port(spec, "port", protocol == Protocol.TLS ? 6514 : 514);
        String caFile = spec.optional("tlsCaFile", null);
        if (caFile != null && protocol != Protocol.TLS) {
            throw new InvalidReceiverException("tlsCaFile", "is only read with protocol: tls");
        }
        SSLSocketFactory tls = protocol == Protocol.TLS ? CaTrust.socketFactory(caFile == null ? null : Path.of(caFile)) : null;
        SyslogFormat format = choice(spec, "format", SyslogFormat.RFC5424, SyslogFormat.values());
        String hostname = spec.optional("hostname", null);
        if (hostname != null && SyslogFormat.header(hostname, 255).equals(SyslogFormat.NILVALUE)) {
            throw new InvalidReceiverException("hostname", "must be printable ASCII without spaces, at most 255 characters");
        }
        return new SyslogReceiver(spec.name(), host, port, protocol, tls, format, facility(spec),
                BodyTemplate.of(spec.optional("template", null)), hostname == null ? localHostname() : hostname,
                MessageStyle.of(spec), Durations.positive(spec, "timeout", TIMEOUT), PeriodicReport.of(spec), clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendLimit limit() {
        return SendLimit.NONE;
    }

    /** When to re-report uncleared alarms and send a heartbeat, as this receiver's fields say. */
    @Override
    public PeriodicReport periodic() {
        return periodic;
    }

    @Override
    public Delivery deliver(Notification notification) {
        List<byte[]> messages = new ArrayList<>();
        for (Notice notice : notification.alerts()) {
            messages.add(message(NorthboundAlarm.of(notice, style.language())));
        }
        return send(messages);
    }

    /** The heartbeat FusionInsight's NMS expects while the link is up: it sees the engine alive without alarms. */
    @Override
    public Delivery heartbeat() {
        Instant now = clock.instant();
        String text = "heartbeat=" + SyslogFormat.APP_NAME + " time=" + NorthboundAlarm.time(now, style);
        return send(List.of(format.render(facility * 8 + 6, now, style.zone(), hostname, pid(), HEARTBEAT_MSGID,
                "[" + SD_ID + " heartbeat=\"1\"]", text)));
    }

    byte[] message(NorthboundAlarm alarm) {
        Map<String, String> fields = alarm.fields(style);
        String structured = "[" + SD_ID + " serialNo=\"" + SyslogFormat.paramValue(alarm.serialNo())
                + "\" id=\"" + alarm.id() + "\" category=\"" + alarm.category() + "\" level=\"" + alarm.level() + "\"]";
        return format.render(facility * 8 + severity(alarm), clock.instant(), style.zone(), hostname, pid(),
                alarm.alertname(), structured, template.render(fields));
    }

    /** RFC 5424 6.2.1's severity of one alarm message. */
    static int severity(NorthboundAlarm alarm) {
        if (alarm.category() == NorthboundAlarm.CLEAR) {
            return 6;
        }
        return switch (alarm.level()) {
            case 1 -> 2;
            case 2 -> 3;
            case 3 -> 4;
            default -> 5;
        };
    }

    private Delivery send(List<byte[]> messages) {
        String where = host + ":" + port + " over " + protocol.name().toLowerCase(Locale.ROOT);
        try {
            switch (protocol) {
                case UDP -> {
                    try (DatagramSocket socket = new DatagramSocket()) {
                        InetAddress address = InetAddress.getByName(host);
                        for (byte[] message : messages) {
                            socket.send(new DatagramPacket(message, message.length, address, port));
                        }
                    }
                }
                case TCP, TLS -> {
                    try (Socket socket = protocol == Protocol.TLS ? tls.createSocket() : new Socket()) {
                        socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                        socket.setSoTimeout((int) timeout.toMillis());
                        if (socket instanceof SSLSocket secure) {
                            SSLParameters parameters = secure.getSSLParameters();
                            // The certificate must name the host (RFC 5425 5.2), as HTTPS checks it.
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            secure.setSSLParameters(parameters);
                            secure.startHandshake();
                        }
                        OutputStream out = socket.getOutputStream();
                        for (byte[] message : messages) {
                            // RFC 6587 3.4.1 octet counting: "LENGTH SP MESSAGE", no trailer to escape.
                            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                            out.write(message);
                        }
                        out.flush();
                    }
                }
            }
            return Delivery.sent(messages.size() + " message(s) to " + where);
        } catch (SSLException e) {
            return Delivery.failed(where + ": " + describe(e));
        } catch (UnknownHostException e) {
            return Delivery.retry(where + ": unknown host", null);
        } catch (IOException e) {
            return Delivery.retry(where + ": " + describe(e), null);
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().strip());
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return SyslogFormat.NILVALUE;
        }
    }

    private static int facility(ReceiverSpec spec) {
        String value = spec.optional("facility", "local0").toLowerCase(Locale.ROOT);
        int named = FACILITIES.indexOf(value);
        if (named >= 0) {
            return named;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= 0 && number < FACILITIES.size()) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidReceiverException("facility", "must be a facility name (local0…local7, daemon, …) or 0–23, not '" + value + "'");
    }

    static int port(ReceiverSpec spec, String field, int otherwise) {
        String value = spec.optional(field, Integer.toString(otherwise));
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidReceiverException(field, "must be a port 1–65535, not '" + value + "'");
    }

    static <E extends Enum<E>> E choice(ReceiverSpec spec, String field, E otherwise, E[] values) {
        String value = spec.optional(field, otherwise.name()).toUpperCase(Locale.ROOT).replace("-", "");
        for (E candidate : values) {
            if (candidate.name().equals(value)) {
                return candidate;
            }
        }
        throw new InvalidReceiverException(field, "must be one of " + java.util.Arrays.stream(values)
                .map(v -> v.name().toLowerCase(Locale.ROOT)).toList() + ", not '" + spec.fields().get(field) + "'");
    }

    @Override
    public String toString() {
        return "SyslogReceiver[name=" + name + ", " + host + ":" + port + ", protocol=" + protocol.name().toLowerCase(Locale.ROOT)
                + ", format=" + format.name().toLowerCase(Locale.ROOT) + ", facility=" + FACILITIES.get(facility) + "]";
    }
}
