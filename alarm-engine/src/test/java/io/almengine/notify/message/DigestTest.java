package io.almengine.notify.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.almengine.notify.SampleNotices;
import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final MessageStyle EN = new MessageStyle(Language.EN, MessageStyle.DEFAULT_ZONE);

    private static Notice otherType(long serialNo) {
        Notice flume = SampleNotices.flumeClient(serialNo, "10.0.0.9", false);
        Map<String, String> labels = new HashMap<>(flume.labels());
        labels.put("alertname", "ALM-24001");
        labels.put("alarmId", "24001");
        return new Notice(flume.status(), labels, Map.of("summary", "Flume Agent exception"), flume.startsAt(),
                null, flume.generatorUrl(), flume.fingerprint());
    }

    @Test
    void aFiringGroupCountsWhatStillFiresAndNamesARecoveredAlarmSo() {
        Notification mixed = new Notification("ops", "g", Notification.Status.FIRING, Map.of("source", "flume-01"),
                Map.of("source", "flume-01"), Map.of(), SampleNotices.EXTERNAL_URL,
                List.of(SampleNotices.flumeClient(1, "10.0.0.1", false), SampleNotices.flumeClient(2, "10.0.0.2", true)), 0);

        Digest digest = Digest.of(mixed, EN);

        assertEquals("[FIRING:1] ALM-24003 Flume Client connection interrupted", digest.subject());
        assertEquals("2026-12-04 13:52:10 UTC", digest.entries().get(1).clearedAt());
        assertNull(digest.entries().get(0).clearedAt());
    }

    @Test
    void aGroupOfSeveralAlarmTypesIsNamedByItsGroupLabels() {
        Notification group = new Notification("ops", "g", Notification.Status.FIRING, Map.of("source", "flume-01"),
                Map.of("source", "flume-01"), Map.of(), SampleNotices.EXTERNAL_URL,
                List.of(SampleNotices.flumeClient(1, "10.0.0.1", false), otherType(2)), 1);

        Digest digest = Digest.of(group, EN);

        assertEquals("[FIRING:3] flume-01 (3 alarms)", digest.subject());
        assertEquals("https://alm.example.com/#/active?source=flume-01", digest.listUrl());
        assertNull(digest.commonRunbook());
        assertEquals("1 more alarm", Language.EN.more(1));
        assertEquals("另有 37 条告警", Language.ZH.more(37));
    }

    @Test
    void aRootCauseAlarmIsNamedWithHowManyClientsItTook() {
        Notice flume = SampleNotices.flumeClient(7, "10.0.0.9", false);
        Map<String, String> labels = new HashMap<>(flume.labels());
        labels.put("alertname", "ALM-24900");
        labels.put("alarmId", "24900");
        labels.put("clientsDown", "200");
        Notice port = new Notice(flume.status(), labels, Map.of("summary", "Flume server port lost its clients",
                "summaryZh", "Flume Server端口的客户端连接全部中断", Notice.AFFECTED, "200"), flume.startsAt(), null,
                flume.generatorUrl(), flume.fingerprint());
        Notification one = new Notification("ops", "g", Notification.Status.FIRING, Map.of(), Map.of(), Map.of(),
                SampleNotices.EXTERNAL_URL, List.of(port), 0);

        assertEquals("[FIRING:1] ALM-24900 Flume server port lost its clients (200 clients affected)",
                Digest.of(one, EN).subject());
        assertEquals("ALM-24900 Flume Server端口的客户端连接全部中断 (影响 200 个客户端)", Digest.of(one,
                new MessageStyle(Language.ZH, MessageStyle.DEFAULT_ZONE)).subject().replaceFirst("^\\[[^\\]]*\\] ", ""));
    }

    @Test
    void timesNameTheirZone() {
        MessageStyle shanghai = new MessageStyle(Language.ZH, ZoneId.of("Asia/Shanghai"));

        assertEquals("2026-12-04 21:47:33 Asia/Shanghai", shanghai.time(SampleNotices.OCCURRED));
        assertEquals("2026-12-04 13:47:33 UTC", EN.time(SampleNotices.OCCURRED));
    }

    @Test
    void withoutAnExternalUrlThereIsNoListLink() {
        Notification firing = SampleNotices.firing(1);
        Notification noUrl = new Notification(firing.receiver(), firing.groupKey(), firing.status(), firing.groupLabels(),
                firing.commonLabels(), firing.commonAnnotations(), null, firing.alerts(), 3);

        assertNull(Digest.of(noUrl, EN).listUrl());
        assertEquals(4, Digest.of(noUrl, EN).total());
    }
}
