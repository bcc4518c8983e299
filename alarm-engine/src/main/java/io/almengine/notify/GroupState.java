package io.almengine.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;

/**
 * One group of one route and receiver, as Alertmanager keeps it: when it is next flushed, and what
 * its last message said, which decides whether the next flush has news. Its alarms are kept apart,
 * one store entry each (a storm's group holds thousands, more than one record may carry).
 *
 * @param lastSentAt   the flush that last sent (null: never)
 * @param lastFiring   fingerprints firing in that message
 * @param lastResolved fingerprints resolved in it
 * @param lastFiringDigest   instead of {@code lastFiring} when that message named more than
 *                           {@link #KEYS_KEPT} alarms (null otherwise, and in records of earlier versions)
 * @param lastResolvedDigest the same for {@code lastResolved}
 */
public record GroupState(String receiver, String route, String groupKey, Map<String, String> groupLabels,
                         Instant nextFlushAt, Instant lastSentAt, Set<String> lastFiring, Set<String> lastResolved,
                         String lastFiringDigest, String lastResolvedDigest) {

    /**
     * Fingerprints kept of the last message at most. A storm's group names tens of thousands of
     * alarms, whose fingerprints would not fit one record of the group's store (a thread that cannot
     * write its store's changelog fails); past this, the message is remembered by a digest of the
     * set, and any change of the group's alarms counts as news, not only new ones.
     */
    static final int KEYS_KEPT = 5_000;

    /**
     * Alarms per message at most: a group of a storm goes as several messages, each well within the
     * largest record Kafka takes (the outbox keeps them), in the group's order.
     */
    public static final int MAX_ALERTS_PER_MESSAGE = 250;

    public GroupState {
        groupLabels = Map.copyOf(groupLabels);
        lastFiring = Set.copyOf(lastFiring);
        lastResolved = Set.copyOf(lastResolved);
    }

    public static GroupState open(String receiver, Route route, String groupKey, Map<String, String> groupLabels,
                                  Instant now) {
        return new GroupState(receiver, route.key(), groupKey, groupLabels, now.plus(route.groupWait()), null,
                Set.of(), Set.of(), null, null);
    }

    public GroupState nextFlushAt(Instant next) {
        return new GroupState(receiver, route, groupKey, groupLabels, next, lastSentAt, lastFiring, lastResolved,
                lastFiringDigest, lastResolvedDigest);
    }

    /** One message of a flush, with the alarms it names (serial number → connection id). */
    public record Message(Notification notification, Map<Long, String> alarms) {
    }

    /**
     * What a flush at {@code at} comes to: the messages to send (none, or the group in chunks), the
     * group after it, and the alarms that leave it (the resolved ones).
     */
    public record Flush(List<Message> messages, GroupState after, List<Member> leaving, boolean empty) {
    }

    /**
     * Alertmanager's flush: a message when the firing alarms are not all in the last message, when a
     * resolved alarm is new (and {@code sendResolved}), or when {@code repeatInterval} has passed since
     * the last message; resolved alarms leave the group after.
     */
    public Flush flush(Instant at, Route options, String externalUrl, List<Member> members) {
        var firing = new ArrayList<Member>();
        var resolved = new ArrayList<Member>();
        members.stream().sorted(Comparator.comparingLong(Member::serialNo))
                .forEach(m -> (m.firing() ? firing : resolved).add(m));
        Set<String> firingKeys = keys(firing);
        Set<String> resolvedKeys = keys(resolved);
        boolean sendResolved = options.sendResolved();
        boolean news;
        if (lastSentAt == null) {
            news = !firing.isEmpty();
        } else if (!named(lastFiring, lastFiringDigest, firingKeys)) {
            news = true;
        } else if (sendResolved && !resolved.isEmpty() && !named(lastResolved, lastResolvedDigest, resolvedKeys)) {
            news = true;
        } else {
            news = !firing.isEmpty() && !at.isBefore(lastSentAt.plus(options.repeatInterval()));
        }
        Instant next = at.plus(options.groupInterval());
        if (!news) {
            return new Flush(List.of(), new GroupState(receiver, route, groupKey, groupLabels, next, lastSentAt,
                    lastFiring, lastResolved, lastFiringDigest, lastResolvedDigest), resolved, firing.isEmpty());
        }
        var included = new ArrayList<>(firing);
        if (sendResolved) {
            included.addAll(resolved);
        }
        var messages = new ArrayList<Message>();
        for (int from = 0; from < included.size(); from += MAX_ALERTS_PER_MESSAGE) {
            List<Member> chunk = included.subList(from, Math.min(included.size(), from + MAX_ALERTS_PER_MESSAGE));
            var alarms = new LinkedHashMap<Long, String>();
            chunk.forEach(m -> alarms.put(m.serialNo(), m.connectionId()));
            List<Notice> notices = chunk.stream().map(Member::notice).toList();
            boolean anyFiring = notices.stream().anyMatch(n -> n.status() == Notification.Status.FIRING);
            messages.add(new Message(new Notification(receiver, groupKey, anyFiring || !firing.isEmpty()
                    ? Notification.Status.FIRING : Notification.Status.RESOLVED, groupLabels,
                    common(notices, Notice::labels), common(notices, Notice::annotations), externalUrl, notices, 0),
                    alarms));
        }
        Set<String> keptResolved = sendResolved ? resolvedKeys : Set.of();
        return new Flush(messages, new GroupState(receiver, route, groupKey, groupLabels, next, at,
                kept(firingKeys), kept(keptResolved), digestIfNotKept(firingKeys), digestIfNotKept(keptResolved)),
                resolved, firing.isEmpty());
    }

    /** Whether the last message named every one of {@code keys}, as far as it is remembered. */
    private static boolean named(Set<String> last, String lastDigest, Set<String> keys) {
        return lastDigest != null ? lastDigest.equals(digest(keys)) : last.containsAll(keys);
    }

    private static Set<String> kept(Set<String> keys) {
        return keys.size() <= KEYS_KEPT ? keys : Set.of();
    }

    private static String digestIfNotKept(Set<String> keys) {
        return keys.size() <= KEYS_KEPT ? null : digest(keys);
    }

    /** The set's size and the sum of its members' 64-bit hashes: the same for the same set in any order. */
    static String digest(Set<String> keys) {
        long sum = 0;
        for (String key : keys) {
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            sum += ((long) Utils.murmur2(bytes) << 32) ^ (key.hashCode() & 0xffffffffL);
        }
        return keys.size() + ":" + Long.toHexString(sum);
    }

    /** The next flush after {@code now}: on the group's own beat, skipping beats the engine was down for. */
    public static Instant nextBeat(Instant planned, Instant now, Duration interval) {
        if (planned.isAfter(now)) {
            return planned;
        }
        long missed = Duration.between(planned, now).toNanos() / interval.toNanos() + 1;
        return planned.plus(interval.multipliedBy(missed));
    }

    private static Set<String> keys(List<Member> members) {
        var keys = new TreeSet<String>();
        members.forEach(m -> keys.add(m.notice().fingerprint()));
        return keys;
    }

    /** The labels (or annotations) every notice has with the same value. */
    static Map<String, String> common(List<Notice> notices, java.util.function.Function<Notice, Map<String, String>> of) {
        if (notices.isEmpty()) {
            return Map.of();
        }
        var shared = new HashMap<>(of.apply(notices.get(0)));
        for (Notice n : notices.subList(1, notices.size())) {
            Map<String, String> these = of.apply(n);
            shared.entrySet().removeIf(e -> !e.getValue().equals(these.get(e.getKey())));
        }
        return shared;
    }
}
