package io.almengine.silence;

import java.time.Instant;

/**
 * An alarm id masked by an admin (FusionInsight's 屏蔽), switched on and off live. Alarms of that id
 * still active when it was set, or raised while it is, are masked; those cleared before it are not
 * (their history is not rewritten).
 */
public record Mask(int alarmId, String comment, String createdBy, Instant createdAt) {

    public boolean masks(int alarmId, Instant clearedAt) {
        return this.alarmId == alarmId && (clearedAt == null || !clearedAt.isBefore(createdAt));
    }
}
