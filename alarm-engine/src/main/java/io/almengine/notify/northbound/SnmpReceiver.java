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
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * An {@code snmp} receiver: one SNMPv2 trap per alarm of a notification, as
 * {@code mib/ALM-ENGINE-MIB.txt} describes ({@code almAlarmNotification} and its variables), over UDP.
 * Fields: {@code host}, {@code port} (162), {@code version} (v2c, the default, or v3),
 * {@code community} (v2c), {@code user}, {@code authProtocol} (SHA, the default, or SHA-256),
 * {@code authKey}, {@code privProtocol} (AES128, also written AES), {@code privKey} (v3; both keys at
 * least 8 characters; authPriv with both, authNoPriv with only {@code authKey}), {@code engineId}
 * (v3, hex: the engine ID the NMS registers the user under; by default {@code 80007ED904} followed by
 * this host's name in ASCII, at most 27 characters), {@code language}, and {@link PeriodicReport}'s
 * intervals (re-report sends the alarm trap again; the heartbeat is {@code almHeartbeat}).
 */
public final class SnmpReceiver implements Periodic {

    /**
     * A placeholder: RFC 5612's private enterprise number for documentation. An operator with a
     * registered PEN replaces it here and in the MIB.
     */
    public static final int ENTERPRISE_NUMBER = 32473;

    static final OID ENTERPRISE = new OID(new int[] {1, 3, 6, 1, 4, 1, ENTERPRISE_NUMBER});
    static final OID ALARM_NOTIFICATION = new OID(ENTERPRISE).append(0).append(1);
    static final OID HEARTBEAT = new OID(ENTERPRISE).append(0).append(2);
    /** almObjects, the parent of every variable: almAlarmSerialNo is .1, almAlarmAdditionalInfo .12. */
    static final OID OBJECTS = new OID(ENTERPRISE).append(1);

    /** SnmpAdminString's limit (SNMP-FRAMEWORK-MIB). */
    static final int MAX_STRING = 255;

    enum Version { V2C, V3 }

    private final String name;
    private final String host;
    private final int port;
    private final Version version;
    private final String community;
    private final OctetString user;
    private final SecurityLevel level;
    private final byte[] engineId;
    private final USM usm;
    private final MessageStyle style;
    private final PeriodicReport periodic;

    private SnmpReceiver(String name, String host, int port, Version version, String community, OctetString user,
                         SecurityLevel level, byte[] engineId, USM usm, MessageStyle style, PeriodicReport periodic) {
        this.periodic = periodic;
        this.name = name;
        this.host = host;
        this.port = port;
        this.version = version;
        this.community = community;
        this.user = user;
        this.level = level;
        this.engineId = engineId;
        this.usm = usm;
        this.style = style;
    }

    public static SnmpReceiver of(ReceiverSpec spec, Clock clock) {
        String host = spec.required("host");
        int port = SyslogReceiver.port(spec, "port", 162);
        Version version = SyslogReceiver.choice(spec, "version", Version.V2C, Version.values());
        MessageStyle style = MessageStyle.of(spec);
        PeriodicReport periodic = PeriodicReport.of(spec);
        if (version == Version.V2C) {
            for (String v3 : List.of("user", "authKey", "privKey", "engineId")) {
                if (spec.fields().containsKey(v3)) {
                    throw new InvalidReceiverException(v3, "is for version: v3; v2c sends a community");
                }
            }
            return new SnmpReceiver(spec.name(), host, port, version, spec.required("community"), null, null,
                    null, null, style, periodic);
        }
        if (spec.fields().containsKey("community")) {
            throw new InvalidReceiverException("community", "is for version: v2c; v3 authenticates a user");
        }
        OctetString user = new OctetString(spec.required("user"));
        String authKey = spec.optional("authKey", null);
        String privKey = spec.optional("privKey", null);
        if (privKey != null && authKey == null) {
            throw new InvalidReceiverException("authKey", "is required with privKey (SNMPv3 has no privacy without authentication)");
        }
        OID auth = switch (spec.optional("authProtocol", "SHA").toUpperCase(Locale.ROOT)) {
            case "SHA", "SHA1", "SHA-1" -> AuthSHA.ID;
            case "SHA256", "SHA-256" -> AuthHMAC192SHA256.ID;
            default -> throw new InvalidReceiverException("authProtocol", "must be SHA or SHA-256, not '" + spec.fields().get("authProtocol") + "'");
        };
        OID priv = switch (spec.optional("privProtocol", "AES128").toUpperCase(Locale.ROOT)) {
            case "AES", "AES128", "AES-128" -> PrivAES128.ID;
            default -> throw new InvalidReceiverException("privProtocol", "must be AES128, not '" + spec.fields().get("privProtocol") + "'");
        };
        for (String key : List.of("authKey", "privKey")) {
            String value = spec.optional(key, null);
            if (value != null && value.length() < 8) {
                throw new InvalidReceiverException(key, "must be at least 8 characters (RFC 3414)");
            }
        }
        byte[] engineId = engineId(spec);
        SecurityProtocols protocols = SecurityProtocols.getInstance().addDefaultProtocols();
        // SNMP4J 3.9's defaults leave SHA-1 out; an NMS of FusionInsight's generation speaks it.
        protocols.addAuthenticationProtocol(new AuthSHA());
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addPrivacyProtocol(new PrivAES128());
        // The sender of a trap is the authoritative engine: its boots must grow across restarts or an
        // NMS that saw a later time refuses the traps (RFC 3414 3.2 step 7b); seconds since 1970 do.
        int boots = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(1, clock.instant().getEpochSecond()));
        USM usm = new USM(protocols, new OctetString(engineId), boots);
        usm.addUser(user, new OctetString(engineId), new UsmUser(user,
                authKey == null ? null : auth, authKey == null ? null : new OctetString(authKey),
                privKey == null ? null : priv, privKey == null ? null : new OctetString(privKey)));
        SecurityLevel level = privKey != null ? SecurityLevel.authPriv
                : authKey != null ? SecurityLevel.authNoPriv : SecurityLevel.noAuthNoPriv;
        return new SnmpReceiver(spec.name(), host, port, version, null, user, level, engineId, usm, style, periodic);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendLimit limit() {
        return SendLimit.NONE;
    }

    /** When to re-report uncleared alarms and send {@code almHeartbeat}, as this receiver's fields say. */
    @Override
    public PeriodicReport periodic() {
        return periodic;
    }

    /** The v3 engine ID in hex, for the NMS's {@code createUser -e}; {@code null} for v2c. */
    public String engineIdHex() {
        return engineId == null ? null : HexFormat.of().formatHex(engineId);
    }

    @Override
    public Delivery deliver(Notification notification) {
        List<PDU> traps = notification.alerts().stream()
                .map(notice -> trap(NorthboundAlarm.of(notice, style.language())))
                .toList();
        return send(traps);
    }

    /** {@code almHeartbeat}: the engine is up and the way to the NMS works. */
    @Override
    public Delivery heartbeat() {
        return send(List.of(pdu(HEARTBEAT)));
    }

    PDU trap(NorthboundAlarm alarm) {
        PDU pdu = pdu(ALARM_NOTIFICATION);
        pdu.add(variable(1, text(alarm.serialNo())));
        pdu.add(variable(2, new UnsignedInteger32(alarm.id())));
        pdu.add(variable(3, text(alarm.name())));
        pdu.add(variable(4, new Integer32(alarm.category())));
        pdu.add(variable(5, new Integer32(alarm.level())));
        pdu.add(variable(6, dateAndTime(alarm.occurTime())));
        pdu.add(variable(7, dateAndTime(alarm.clearTime())));
        pdu.add(variable(8, new Integer32(alarm.isAutoClear() ? 1 : 2)));
        pdu.add(variable(9, new Integer32(alarm.clearType())));
        pdu.add(variable(10, text(alarm.locationInfo())));
        pdu.add(variable(11, text(alarm.cause())));
        pdu.add(variable(12, text(alarm.additionalInfo())));
        return pdu;
    }

    private PDU pdu(OID trapOid) {
        PDU pdu = version == Version.V3 ? new ScopedPDU() : new PDU();
        pdu.setType(PDU.TRAP);
        pdu.add(new VariableBinding(SnmpConstants.sysUpTime,
                new TimeTicks(ManagementFactory.getRuntimeMXBean().getUptime() / 10)));
        pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, trapOid));
        return pdu;
    }

    /** A scalar of almObjects, instance .0 as every accessible-for-notify scalar is sent. */
    private static VariableBinding variable(int object, org.snmp4j.smi.Variable value) {
        return new VariableBinding(new OID(OBJECTS).append(object).append(0), value);
    }

    /** SNMPv2-TC DateAndTime in UTC with its zone said (11 octets), or empty for no time (AlmTimeOrNone). */
    static OctetString dateAndTime(Instant instant) {
        if (instant == null) {
            return new OctetString();
        }
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        return new OctetString(new byte[] {
                (byte) (t.getYear() >> 8), (byte) t.getYear(), (byte) t.getMonthValue(), (byte) t.getDayOfMonth(),
                (byte) t.getHour(), (byte) t.getMinute(), (byte) t.getSecond(), (byte) (t.getNano() / 100_000_000),
                (byte) '+', 0, 0});
    }

    /** UTF-8 within SnmpAdminString's 255 octets, cut before a character, never inside one. */
    static OctetString text(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_STRING) {
            return new OctetString(bytes);
        }
        int end = MAX_STRING;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new OctetString(java.util.Arrays.copyOf(bytes, end));
    }

    private Delivery send(List<PDU> traps) {
        String where = host + ":" + port + " (" + version.name().toLowerCase(Locale.ROOT) + ")";
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        if (usm != null) {
            MPv3 v3 = new MPv3(usm);
            // SNMP4J seeds msgID with engineBoots << 16, negative for boots like ours (seconds since
            // 1970), and snmptrapd drops a negative msgID (RFC 3412: 0..2^31-1).
            v3.setCurrentMsgID(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE / 2));
            dispatcher.addMessageProcessingModel(v3);
        }
        try (DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping()) {
            Snmp snmp = new Snmp(dispatcher, transport);
            Target<UdpAddress> target = target(new UdpAddress(InetAddress.getByName(host), port));
            for (PDU trap : traps) {
                snmp.notify(trap, target);
            }
            snmp.close();
            return Delivery.sent(traps.size() + " trap(s) to " + where);
        } catch (UnknownHostException e) {
            return Delivery.retry(where + ": unknown host", null);
        } catch (IOException e) {
            return Delivery.retry(where + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private Target<UdpAddress> target(UdpAddress address) {
        if (version == Version.V2C) {
            CommunityTarget<UdpAddress> target = new CommunityTarget<>(address, new OctetString(community));
            target.setVersion(SnmpConstants.version2c);
            return target;
        }
        UserTarget<UdpAddress> target = new UserTarget<>(address, user, engineId, level.getSnmpValue());
        target.setVersion(SnmpConstants.version3);
        return target;
    }

    private static byte[] engineId(ReceiverSpec spec) {
        String hex = spec.optional("engineId", null);
        if (hex != null) {
            try {
                byte[] id = HexFormat.of().parseHex(hex.replaceFirst("^0[xX]", ""));
                if (id.length >= 5 && id.length <= 32) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new InvalidReceiverException("engineId", "must be 5 to 32 octets in hex (e.g. 80007ed9046e6d73), not '" + hex + "'");
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "alm-engine";
        }
        byte[] text = host.replaceAll("[^\\x21-\\x7e]", "").getBytes(StandardCharsets.US_ASCII);
        byte[] id = new byte[5 + Math.min(27, text.length)];
        // RFC 3411 SnmpEngineID: 1 and the enterprise number, format 4 (text), the text.
        id[0] = (byte) (0x80 | (ENTERPRISE_NUMBER >>> 24));
        id[1] = (byte) (ENTERPRISE_NUMBER >>> 16);
        id[2] = (byte) (ENTERPRISE_NUMBER >>> 8);
        id[3] = (byte) ENTERPRISE_NUMBER;
        id[4] = 4;
        System.arraycopy(text, 0, id, 5, id.length - 5);
        return id;
    }

    @Override
    public String toString() {
        return "SnmpReceiver[name=" + name + ", " + host + ":" + port + ", version=" + version.name().toLowerCase(Locale.ROOT)
                + (user == null ? "" : ", user=" + user + ", level=" + level) + "]";
    }
}
