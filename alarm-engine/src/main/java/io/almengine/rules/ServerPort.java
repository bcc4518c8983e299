package io.almengine.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.type.ClassReactive;

/**
 * A server port ({@code source|component|serverHost:serverPort}) with every client known to have
 * linked to it, as the rules of a {@code scope: serverPort} alarm type see it. The clients are
 * also facts of their own ({@link ClientLink}); the counts and the {@link #burst} here are what a
 * rule about "most clients went down together" needs, worked out once in Java rather than by a
 * cross product of client facts.
 *
 * @param key     {@code source|component|serverHost:serverPort}: what the alarm is raised for
 * @param params  {@code source}, {@code component}, {@code serverHost}, {@code serverPort}
 * @param clients every known client (retired ones are forgotten), in no particular order
 */
@ClassReactive
public record ServerPort(String key, String component, Map<String, String> params, List<ClientLink> clients) {

    public ServerPort {
        params = Map.copyOf(params);
        clients = List.copyOf(clients);
    }

    /** Clients that went down within {@code within} of each other (both ends included): from {@code start} to {@code end}. */
    public record Burst(Instant start, Instant end, int count) {
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    public int clientsKnown() {
        return clients.size();
    }

    public int clientsDown() {
        return (int) clients.stream().filter(ClientLink::down).count();
    }

    /** Whether {@code count} clients are at least {@code minClients} and at least {@code minShare} of those known. */
    public boolean most(int count, int minClients, double minShare) {
        return count > 0 && count >= minClients && count >= minShare * clientsKnown();
    }

    /**
     * The earliest group of clients, still down now, whose downs all lie within {@code within} of
     * the first one's (both ends included) and that are {@link #most} of the port's clients; the
     * group starts at a client's down time and takes every down within {@code within} after it.
     * {@code null} when no such group exists.
     */
    public Burst burst(Duration within, int minClients, double minShare) {
        List<Instant> downs = new ArrayList<>();
        for (ClientLink c : clients) {
            if (c.down()) {
                downs.add(c.since());
            }
        }
        downs.sort(null);
        for (int first = 0, last = 0; first < downs.size(); first++) {
            Instant end = downs.get(first).plus(within);
            last = Math.max(last, first);
            while (last + 1 < downs.size() && !downs.get(last + 1).isAfter(end)) {
                last++;
            }
            int count = last - first + 1;
            if (most(count, minClients, minShare)) {
                return new Burst(downs.get(first), downs.get(last), count);
            }
        }
        return null;
    }

    /** How many clients are down and went down at or after {@code from}. */
    public int downSince(Instant from) {
        return (int) clients.stream().filter(c -> c.down() && !c.since().isBefore(from)).count();
    }

    /**
     * The latest time a client came back (its {@code since} while up), {@code null} when none is
     * up: when a condition over the downs stopped holding.
     */
    public Instant lastBack() {
        Instant latest = null;
        for (ClientLink c : clients) {
            if (!c.down() && c.since() != null && (latest == null || c.since().isAfter(latest))) {
                latest = c.since();
            }
        }
        return latest;
    }
}
