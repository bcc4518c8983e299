package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.Severity;
import io.almengine.notify.AlarmNotices;
import io.almengine.notify.Notifications;
import io.almengine.notify.NotificationsFile;
import io.almengine.notify.receivers.StandardReceivers;
import io.almengine.silence.Matcher;
import io.almengine.silence.Silence;
import io.almengine.silence.Suppressions;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.MutableClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periodic northbound messages as the engine sends them, to a real UDP socket: the heartbeat
 * on its interval, the re-report of the active alarms the routes send to the receiver (not those a
 * silence holds back), and nothing from an instance that does not own the receiver.
 */
class PeriodicSenderTest {

    private static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");

    @TempDir
    Path dir;
    private DatagramSocket nms;
    private final MutableClock clock = new MutableClock(T0);
    private final Suppressions suppressions = new Suppressions();
    private final List<Alarm> active = new ArrayList<>();
    private final AtomicBoolean owner = new AtomicBoolean(true);
    private PeriodicSender sender;

    @BeforeEach
    void start() throws IOException {
        nms = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        nms.setSoTimeout(300);
        Path file = dir.resolve("notifications.yaml");
        Files.writeString(file, """
                receivers:
                  - name: nms
                    syslog: {host: 127.0.0.1, port: %d, protocol: udp, heartbeatInterval: PT1M, reReportInterval: PT5M}
                route:
                  receiver: nms
                """.formatted(nms.getLocalPort()));
        Notifications notifications = NotificationsFile.load(file, true, Map.of(), StandardReceivers.all(clock));
        DefinitionCatalog catalog = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        sender = new PeriodicSender(notifications, new AlarmNotices(catalog, "http://alm.example:8080"),
                () -> List.copyOf(active), suppressions, name -> owner.get(), clock);
    }

    @AfterEach
    void stop() {
        sender.close();
        nms.close();
    }

    private static Alarm alarm(long serialNo, String source) {
        return Alarm.raise(serialNo, 24003, "Flume Client connection interrupted", "Flume Client连接中断",
                Severity.MAJOR, T0, Map.of("source", source, "clientIp", "10.0.0." + serialNo), "c" + serialNo, "down");
    }

    private String received() throws IOException {
        var packet = new DatagramPacket(new byte[8192], 8192);
        try {
            nms.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void theHeartbeatGoesOnItsIntervalAndNotBefore() throws IOException {
        clock.set(T0.plusSeconds(59));
        sender.sendDue();
        assertNull(received());
        clock.set(T0.plusSeconds(60));
        sender.sendDue();
        String heartbeat = received();
        assertTrue(heartbeat != null && heartbeat.contains("HEARTBEAT"), String.valueOf(heartbeat));
        sender.sendDue();
        assertNull(received(), "once per interval");
    }

    @Test
    void theReReportNamesTheActiveAlarmsNotThoseASilenceHoldsBack() throws IOException {
        active.add(alarm(1, "cluster-a"));
        active.add(alarm(2, "cluster-b"));
        var silence = new Silence("s1", List.of(Matcher.of("source", "cluster-b", false, true)), T0,
                T0.plus(Duration.ofHours(1)), null, "upgrade", "ops", T0);
        suppressions.acceptSilence("s1", silence.toJson(T0).toString().getBytes(StandardCharsets.UTF_8));
        clock.set(T0.plus(Duration.ofMinutes(5)));
        sender.sendDue();
        var messages = new ArrayList<String>();
        for (String m = received(); m != null; m = received()) {
            messages.add(m);
        }
        List<String> alarms = messages.stream().filter(m -> m.contains("ALM-24003")).toList();
        assertEquals(1, alarms.size(), messages.toString());
        assertTrue(alarms.get(0).contains("serialNo=1"), alarms.get(0));
    }

    @Test
    void anInstanceThatDoesNotOwnTheReceiverSendsNothingAndKeepsTheBeat() throws IOException {
        owner.set(false);
        clock.set(T0.plusSeconds(60));
        sender.sendDue();
        assertNull(received());
        owner.set(true);
        clock.set(T0.plusSeconds(61));
        sender.sendDue();
        assertNull(received(), "the turn it did not own is not sent late");
        clock.set(T0.plusSeconds(120));
        sender.sendDue();
        assertTrue(String.valueOf(received()).contains("HEARTBEAT"));
    }
}
