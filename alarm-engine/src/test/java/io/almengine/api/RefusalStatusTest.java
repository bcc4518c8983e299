package io.almengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.lifecycle.Refusal;
import org.junit.jupiter.api.Test;

/** The statuses the API answers for the alarm owner's refusals, as the contract lists them. */
class RefusalStatusTest {

    @Test
    void eachRefusalBecomesItsStatusWithTheOwnersMessage() {
        ApiException notFound = ApiException.refused(Refusal.notFound("no alarm with serial number 7"));
        assertEquals(404, notFound.status());
        assertEquals("no alarm with serial number 7", notFound.getMessage());
        assertEquals(409, ApiException.refused(Refusal.conflict("alarm 7 is already cleared")).status());
        assertEquals(400, ApiException.refused(Refusal.invalid("unknown action 'silence-link'")).status());
    }
}
