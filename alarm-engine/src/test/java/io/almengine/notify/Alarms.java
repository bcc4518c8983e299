package io.almengine.notify;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;

/** ALM-24003 alarms as the lifecycle makes them, for the notification tests. */
final class Alarms {

    private Alarms() {
    }

    static Alarm flume(long serialNo, String source, String clientIp, Severity severity, Instant occurredAt) {
        var params = new LinkedHashMap<String, String>();
        params.put("source", source);
        params.put("clientIp", clientIp);
        params.put("clientName", "client-" + serialNo);
        params.put("sinkName", "avro-sink");
        params.put("serverHost", "127.0.0.1");
        params.put("serverPort", "21154");
        String connectionId = source + "|flume|127.0.0.1:21154|" + clientIp + "|client-" + serialNo + "|avro-sink";
        return Alarm.raise(serialNo, 24003, "Flume Client connection interrupted", "Flume Client连接中断", severity,
                occurredAt, params, connectionId, "disconnected for 3 minutes");
    }

    /** As the lifecycle makes an ALM-24003 that the rules raised quiet because its link flaps (ALM-24901). */
    static Alarm flumeWhileFlapping(long serialNo, String source, Instant occurredAt) {
        Alarm alarm = flume(serialNo, source, occurredAt);
        var params = new LinkedHashMap<>(alarm.params());
        params.put("suppressedBy", "flapping");
        params.put("suppressedByAlarm", "ALM-24901");
        return Alarm.raise(serialNo, 24003, alarm.name(), alarm.nameZh(), alarm.severity(), occurredAt, params,
                alarm.connectionId(), "disconnected for 3 minutes (not notified: flapping, ALM-24901)");
    }

    static Alarm flume(long serialNo, String source, Instant occurredAt) {
        return flume(serialNo, source, "10.0.0." + serialNo, Severity.MAJOR, occurredAt);
    }

    /** ALM-24900 for the Flume server port of {@link #flume}, {@code clientsDown} of its clients down. */
    static Alarm serverPort(long serialNo, String source, int clientsDown, Instant occurredAt) {
        var params = new LinkedHashMap<String, String>();
        params.put("source", source);
        params.put("serverHost", "127.0.0.1");
        params.put("serverPort", "21154");
        params.put("component", "flume");
        params.put("clientsDown", Integer.toString(clientsDown));
        params.put("clientsKnown", Integer.toString(clientsDown));
        return Alarm.raise(serialNo, 24900, "Flume server port lost its clients", "Flume Server端口的客户端连接全部中断",
                Severity.CRITICAL, occurredAt, params, source + "|flume|127.0.0.1:21154", "clients down");
    }

    static Alarm cleared(Alarm alarm, Instant at) {
        return alarm.cleared(at, ClearType.AUTO, Alarm.ENGINE, "connected again");
    }
}
