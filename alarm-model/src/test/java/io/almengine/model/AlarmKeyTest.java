package io.almengine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlarmKeyTest {

    @Test
    void isKeptAsConnectionIdHashAlarmIdAsStoresHoldIt() {
        var key = new AlarmKey("hacluster|flume|192.168.10.5:21154|192.168.10.21|client1|avro_sink", 24003);
        assertEquals("hacluster|flume|192.168.10.5:21154|192.168.10.21|client1|avro_sink#24003", key.toString());
        assertEquals(key, AlarmKey.parse(key.toString()));
    }

    @Test
    void splitsAtTheLastHashSoAConnectionIdMayContainOne() {
        assertEquals(new AlarmKey("src|flume|h:1|ip|client#2|sink", 24003),
                AlarmKey.parse("src|flume|h:1|ip|client#2|sink#24003"));
    }

    @Test
    void refusesTextThatIsNoKeyNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> AlarmKey.parse("no-hash-here"));
        assertTrue(e.getMessage().contains("'no-hash-here'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AlarmKey.parse("conn#notanumber"));
    }
}
