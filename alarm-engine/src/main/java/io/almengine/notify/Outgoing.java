package io.almengine.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message waiting in the outbox of its receiver, in order.
 *
 * @param attempts  tries so far (none: 0)
 * @param notBefore not to be tried before this instant of the engine clock (a back-off)
 * @param alarms    serial number → connection id of every alarm it names, to write their history
 */
public record Outgoing(String id, int attempts, Instant notBefore, Notification notification, Map<Long, String> alarms) {

    public Outgoing {
        alarms = new LinkedHashMap<>(alarms);
    }

    public Outgoing retried(Instant until) {
        return new Outgoing(id, attempts + 1, until, notification, alarms);
    }

    public List<Long> serialNos() {
        return new ArrayList<>(alarms.keySet());
    }
}
