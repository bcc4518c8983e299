package io.almengine.kafka;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The records an instance wrote to a mirrored topic and applied at once, until its mirror reads
 * them back. Until then the mirror may still hand over older records of the same key, which must
 * not undo the newer one already applied.
 */
public final class OwnWrites {

    private static final byte[] TOMBSTONE = new byte[0];
    private final Map<String, byte[]> awaitingEcho = new HashMap<>();

    /** Notes a record written and applied by this instance. */
    public synchronized void wrote(String key, byte[] value) {
        awaitingEcho.put(key, value == null ? TOMBSTONE : value.clone());
    }

    /**
     * Whether the mirror's record is to be applied: not while an own write of that key awaits its
     * echo (the echo itself ends the wait and, being applied already, is not applied again).
     */
    public synchronized boolean apply(String key, byte[] value) {
        byte[] written = awaitingEcho.get(key);
        if (written == null) {
            return true;
        }
        boolean echo = value == null ? written == TOMBSTONE : written != TOMBSTONE && Arrays.equals(written, value);
        if (echo) {
            awaitingEcho.remove(key);
        }
        return false;
    }
}
