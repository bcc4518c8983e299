package io.almengine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlarmCodeTest {

    @Test
    void readsTheCodeAndTheBareIdAlike() {
        assertEquals(Optional.of(new AlarmCode(24003)), AlarmCode.parse("ALM-24003"));
        assertEquals(Optional.of(new AlarmCode(24003)), AlarmCode.parse("24003"));
    }

    @Test
    void readsNothingFromTextThatIsNeither() {
        assertEquals(Optional.empty(), AlarmCode.parse("ALM-"));
        assertEquals(Optional.empty(), AlarmCode.parse("alm-24003"));
        assertEquals(Optional.empty(), AlarmCode.parse("24003x"));
        assertEquals(Optional.empty(), AlarmCode.parse(""));
        assertEquals(Optional.empty(), AlarmCode.parse(null));
    }

    @Test
    void printsAsOperatorsWriteIt() {
        assertEquals("ALM-24003", AlarmCode.of(24003).toString());
        assertEquals("ALM-24003.yaml", AlarmCode.of(24003) + ".yaml");
    }
}
