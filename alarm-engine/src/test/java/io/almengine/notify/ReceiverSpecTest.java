package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReceiverSpecTest {

    @Test
    void itsDescriptionNamesTheFieldsButNeverTheirValues() {
        var spec = new ReceiverSpec("ops-dingtalk", "dingtalk",
                Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=tok-123", "secret", "SEC-456"));
        String text = spec.toString();
        assertTrue(text.contains("secret") && text.contains("url"), text);
        assertFalse(text.contains("SEC-456") || text.contains("tok-123"), text);
    }
}
