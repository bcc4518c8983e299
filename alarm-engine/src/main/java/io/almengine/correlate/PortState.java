package io.almengine.correlate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the correlate stage keeps per server port besides its clients (which are entries of their
 * own, see {@link KnownClient}): its parameters, how many clients it knows, the state of each of
 * its alarm types, and whether an evaluation is already scheduled.
 *
 * @param armed    per alarm type, the deadline at which the rules are asked again
 * @param met      alarm types whose condition was signalled met and not over
 * @param parents  per alarm type, the serial number of the port's alarm (active, or reserved while it is
 *                 armed), once lifecycle said it
 * @param linkFrom per armed or met alarm type, the earliest down time of a client that belongs to the outage
 * @param clients  how many clients are known
 * @param pending  an evaluation is scheduled (client changes since the last one are coalesced into it)
 */
public record PortState(String component, Map<String, String> params, Map<Integer, Instant> armed, List<Integer> met,
                 Map<Integer, Long> parents, Map<Integer, Instant> linkFrom, int clients, boolean pending) {

    public PortState {
        params = Map.copyOf(params);
        armed = Map.copyOf(armed);
        met = List.copyOf(met);
        parents = Map.copyOf(parents);
        linkFrom = Map.copyOf(linkFrom);
    }

    static PortState fresh(String component, Map<String, String> params) {
        return new PortState(component, params, Map.of(), List.of(), Map.of(), Map.of(), 0, false);
    }

    PortState withClients(int count) {
        return new PortState(component, params, armed, met, parents, linkFrom, count, pending);
    }

    PortState withPending(boolean value) {
        return new PortState(component, params, armed, met, parents, linkFrom, clients, value);
    }

    PortState armed(int alarmId, Instant deadline) {
        var next = new HashMap<>(armed);
        if (deadline == null) {
            next.remove(alarmId);
        } else {
            next.put(alarmId, deadline);
        }
        return new PortState(component, params, next, met, parents, linkFrom, clients, pending);
    }

    PortState met(int alarmId, Instant outageFrom) {
        var nextMet = new java.util.ArrayList<>(met);
        if (!nextMet.contains(alarmId)) {
            nextMet.add(alarmId);
        }
        var from = new HashMap<>(linkFrom);
        from.put(alarmId, outageFrom);
        return new PortState(component, params, armed, nextMet, parents, from, clients, pending);
    }

    PortState over(int alarmId) {
        var nextMet = new java.util.ArrayList<>(met);
        nextMet.remove(Integer.valueOf(alarmId));
        var from = new HashMap<>(linkFrom);
        from.remove(alarmId);
        return new PortState(component, params, armed, nextMet, parents, from, clients, pending);
    }

    /** The outage of {@code alarmId} began at {@code from} (null: there is none being judged). */
    PortState linkingFrom(int alarmId, Instant from) {
        var next = new HashMap<>(linkFrom);
        if (from == null) {
            next.remove(alarmId);
        } else {
            next.put(alarmId, from);
        }
        return new PortState(component, params, armed, met, parents, next, clients, pending);
    }

    PortState parent(int alarmId, Long serialNo) {
        var next = new HashMap<>(parents);
        if (serialNo == null) {
            next.remove(alarmId);
        } else {
            next.put(alarmId, serialNo);
        }
        return new PortState(component, params, armed, met, next, linkFrom, clients, pending);
    }
}
