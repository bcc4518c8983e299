package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.almengine.notify.SampleNotices;
import io.almengine.notify.Notice;
import io.almengine.notify.message.Language;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** FusionInsight's fields from what the notification stage puts on a notice, and their fallbacks. */
class NorthboundAlarmTest {

    private static Notice with(Notice notice, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> l = new HashMap<>(notice.labels());
        l.putAll(labels);
        Map<String, String> a = new HashMap<>(notice.annotations());
        a.putAll(annotations);
        return new Notice(notice.status(), l, a, notice.startsAt(), notice.endsAt(), notice.generatorUrl(), notice.fingerprint());
    }

    @Test
    void anAlarmTypeThatDoesNotClearItselfIsClearedManually() {
        NorthboundAlarm alarm = NorthboundAlarm.of(with(SampleNotices.flumeClient(1, "10.0.0.1", true), Map.of(),
                Map.of(Notice.AUTO_CLEAR, "false")), Language.EN);

        assertFalse(alarm.isAutoClear());
        assertEquals(NorthboundAlarm.MANUALLY_CLEARED, alarm.clearType());
        assertEquals(NorthboundAlarm.CLEAR, alarm.category());
    }

    @Test
    void anEventIsCategoryTwoAndNeverCleared() {
        NorthboundAlarm alarm = NorthboundAlarm.of(with(SampleNotices.flumeClient(2, "10.0.0.2", false),
                Map.of("severity", "minor"), Map.of(Notice.CATEGORY, "event")), Language.EN);

        assertEquals(NorthboundAlarm.EVENT, alarm.category());
        assertEquals(NorthboundAlarm.NOT_CLEARED, alarm.clearType());
        assertNull(alarm.clearTime());
        assertEquals(3, alarm.level());
    }

    @Test
    void levelsFollowFusionInsightsOrderAndAnUnknownSeverityIsTheLeastUrgent() {
        Map<String, Integer> levels = Map.of("critical", 1, "major", 2, "minor", 3, "warning", 4, "info", 4);
        levels.forEach((severity, level) -> assertEquals(level, NorthboundAlarm.of(with(SampleNotices.flumeClient(3, "10.0.0.3", false),
                Map.of("severity", severity), Map.of()), Language.EN).level(), severity));
    }

    @Test
    void aLineBreakInAParameterStaysOnOneLine() {
        NorthboundAlarm alarm = NorthboundAlarm.of(with(SampleNotices.flumeClient(4, "10.0.0.4", false),
                Map.of("source", "flume\r\n<134>1 forged"), Map.of()), Language.EN);

        assertEquals("clientIp=10.0.0.4, source=flume <134>1 forged", alarm.locationInfo());
    }
}
