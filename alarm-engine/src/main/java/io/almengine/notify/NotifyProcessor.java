package io.almengine.notify;

import io.almengine.detect.DetectProcessor;
import io.almengine.lifecycle.AlarmAction;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.detect.DeadlineIndex;
import io.almengine.silence.Quiet;
import io.almengine.silence.Suppressions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification stage of the receivers of one partition: groups routed alarm changes, flushes
 * each group on its beat (groupWait, groupInterval, repeatInterval, by the engine clock), keeps the
 * messages in an outbox in order, and hands each receiver's next message to the
 * {@link NotificationSender} within the receiver's {@link SendLimit}. Groups, outbox and send
 * windows are state stores with changelogs: a restart, a kill or a rebalance loses none.
 *
 * <p>One message per receiver is out at a time. Its outcome comes back as an {@link Attempt} on the
 * attempts topic, which the sender writes before anything else of that receiver is handed over;
 * only then is the message taken out of the outbox (or scheduled again), in the same transaction as
 * the history it writes on its alarms. A task that starts does not send before it has read every
 * attempt written before it started, so a message already sent is not sent again; only a message
 * whose send was under way when its sender died can go twice.
 */
public final class NotifyProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyProcessor.class);

    public static final String GROUPS_STORE = "notify-groups";
    public static final String MEMBERS_STORE = "notify-members";
    public static final String FLUSHES_STORE = "notify-flushes";
    public static final String OUTBOX_STORE = "notify-outbox";
    public static final String SEQUENCES_STORE = "notify-sequences";
    public static final String WINDOWS_STORE = "notify-windows";
    public static final String TO_COMMANDS = "notify-to-commands";
    /** Who writes a notification's history entry on the alarm. */
    public static final String BY = "notify";
    /** The outcome recorded on an alarm a silence, maintenance window or mask kept from a receiver. */
    public static final String HELD = "held";
    private static final char SEP = '\u0000';
    /** Groups flushed per punctuation at most; the rest follow a tick later. */
    private static final int FLUSHES_PER_TICK = 2_000;
    /** How long closing a task waits for its sends under way (a webhook's default timeout, and some). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    /** A message handed to the sender whose outcome has not come back yet. */
    private record InFlight(String id, long handedAtNanos, CompletableFuture<Void> written) {
    }

    private static final String MEMBER_SEP = "\u0000#";

    private final Notifications notifications;
    private final Suppressions suppressions;
    private final AlarmNotices notices;
    private final NotificationSender sender;
    private final Backoff backoff;
    private final Clock clock;
    private final Duration tick;
    private final DetectProcessor.CatchUp attemptsRead;
    private final Duration inFlightTimeout;
    private final Map<String, InFlight> inFlight = new HashMap<>();
    /**
     * Groups known to be in the store. A storm's group remembers thousands of fingerprints of its
     * last message, and reading it back for each of its alarms only to learn that it exists made
     * grouping cost the square of the storm. Emptied by {@link #init}: a task revived after an
     * aborted transaction starts again from its restored store.
     */
    private final java.util.Set<String> openGroups = new java.util.HashSet<>();
    /** Once the attempts written before this task started have been read, they stay read. */
    private boolean attemptsCaughtUp;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, GroupState> groups;
    private KeyValueStore<String, Member> members;
    private DeadlineIndex flushes;
    private KeyValueStore<String, Outgoing> outbox;
    private KeyValueStore<String, Long> sequences;
    private KeyValueStore<String, SendWindow> windows;

    /**
     * @param attemptsRead    whether the attempts written before this task started have been read
     * @param inFlightTimeout after this long without an outcome a message is handed over again (its
     *                        sender's instance died before writing it)
     */
    public NotifyProcessor(Notifications notifications, AlarmNotices notices, NotificationSender sender,
                           Backoff backoff, Clock clock, Duration tick, DetectProcessor.CatchUp attemptsRead,
                           Duration inFlightTimeout, Suppressions suppressions) {
        this.suppressions = suppressions;
        this.notifications = notifications;
        this.notices = notices;
        this.sender = sender;
        this.backoff = backoff;
        this.clock = clock;
        this.tick = tick;
        this.attemptsRead = attemptsRead;
        this.inFlightTimeout = inFlightTimeout;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.groups = context.getStateStore(GROUPS_STORE);
        openGroups.clear();
        this.members = context.getStateStore(MEMBERS_STORE);
        KeyValueStore<Bytes, byte[]> deadlines = context.getStateStore(FLUSHES_STORE);
        this.flushes = new DeadlineIndex(deadlines);
        this.outbox = context.getStateStore(OUTBOX_STORE);
        this.sequences = context.getStateStore(SEQUENCES_STORE);
        this.windows = context.getStateStore(WINDOWS_STORE);
        attemptsRead.begin(context.taskId().partition());
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, ignored -> tick());
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof Routed routed) {
            group(routed);
        } else if (record.value() instanceof Attempt attempt) {
            answered(attempt);
        }
    }

    private void group(Routed routed) {
        Route route = route(routed.route());
        Map<String, String> groupLabels = route.groupLabels(routed.member().notice().labels());
        String groupKey = route.groupKey(groupLabels);
        String key = routed.receiver() + SEP + groupKey;
        if (!openGroups.contains(key)) {
            if (groups.get(key) == null) {
                if (!routed.member().firing()) {
                    return; // resolved, in a group that has nothing to say about it any more
                }
                GroupState state = GroupState.open(routed.receiver(), route, groupKey, groupLabels, clock.instant());
                flushes.schedule(key, state.nextFlushAt());
                groups.put(key, state);
            }
            openGroups.add(key);
        }
        // By serial number: a change of severity (another fingerprint) is the same alarm, not a second one.
        members.put(memberKey(key, routed.member().serialNo()), routed.member());
    }

    /** Zero-padded so that a group's members scan in serial order; by hand, since String.format took a fifth of grouping. */
    private static String memberKey(String groupKey, long serialNo) {
        String digits = Long.toString(serialNo);
        return groupKey + MEMBER_SEP + "0".repeat(Math.max(0, 19 - digits.length())) + digits;
    }

    private List<Member> membersOf(String groupKey) {
        var found = new ArrayList<Member>();
        try (KeyValueIterator<String, Member> it = members.prefixScan(groupKey + MEMBER_SEP, new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    private void tick() {
        Instant now = clock.instant();
        for (DeadlineIndex.Due due : flushes.takeDue(now, FLUSHES_PER_TICK)) {
            flush(due.member(), due.deadline(), now);
        }
        for (String receiver : notifications.receivers().keySet()) {
            dispatch(receiver, now);
        }
    }

    private void flush(String key, Instant at, Instant now) {
        GroupState state = groups.get(key);
        if (state == null) {
            return;
        }
        Route route = route(state.route());
        // Alertmanager's rule: what a silence holds back is left out of each flush, and named in a later
        // one once nothing holds it back any more (a recovery held back is never sent).
        var loud = new ArrayList<Member>();
        boolean heldFiring = false;
        for (Member m : membersOf(key)) {
            Optional<Quiet> quiet = underParent(m).or(() ->
                    suppressions.quiet(m.notice().labels(), m.notice().startsAt(), m.notice().endsAt(), now));
            if (quiet.isEmpty()) {
                loud.add(m);
                continue;
            }
            String why = quiet.get().reason();
            if (!why.equals(m.heldBack())) {
                recordHeldBack(state.receiver(), m, why, now);
            }
            if (m.firing() && quiet.get().kind() != Quiet.Kind.PARENT) {
                heldFiring = true;
                members.put(memberKey(key, m.serialNo()), m.heldBack(why));
            } else {
                // A child is quiet for as long as this version of it lasts (its parent is in its own
                // fields); unlinked or cleared, it comes back as a new member. Kept, a storm's 25,000
                // children of a port were read again at every flush of their group, for nothing.
                members.delete(memberKey(key, m.serialNo()));
            }
        }
        GroupState.Flush flush = state.flush(at, route, notices.externalUrl(), loud);
        flush.messages().forEach(m -> enqueue(state.receiver(), m.notification(), m.alarms()));
        flush.leaving().forEach(m -> members.delete(memberKey(key, m.serialNo())));
        if (flush.empty() && !heldFiring) {
            groups.delete(key);
            openGroups.remove(key);
            return;
        }
        Instant next = GroupState.nextBeat(flush.after().nextFlushAt(), now, route.groupInterval());
        groups.put(key, flush.after().nextFlushAt(next));
        flushes.schedule(key, next);
    }

    /**
     * A child of a root-cause alarm is told about by its parent's message, never on its own. Its
     * link may come a moment after its raise (the parent's serial number travels through the
     * lifecycle stage); the group's wait covers that, as the linked change replaces the member.
     */
    private static Optional<Quiet> underParent(Member m) {
        String parent = m.notice().annotations().get(Notice.PARENT);
        return parent == null ? Optional.empty() : Optional.of(Quiet.parent(parent));
    }

    private void enqueue(String receiver, Notification message, Map<Long, String> alarms) {
        Long last = sequences.get(receiver);
        long seq = last == null ? 1 : last + 1;
        sequences.put(receiver, seq);
        outbox.put(outboxKey(receiver, seq), new Outgoing(receiver + "#" + seq, 0, null, message, alarms));
    }

    /** Hands the receiver's next message over, if nothing of it is out, its time has come and its limit allows. */
    private void dispatch(String receiver, Instant now) {
        InFlight out = inFlight.get(receiver);
        if (out != null) {
            if (System.nanoTime() - out.handedAtNanos() < inFlightTimeout.toNanos()) {
                return;
            }
            LOG.warn("no outcome for notification {} after {}: handing it over again", out.id(), inFlightTimeout);
            inFlight.remove(receiver);
        }
        Receiver target = notifications.receiver(receiver).orElse(null);
        if (target == null) {
            return;
        }
        List<KeyValue<String, Outgoing>> head = pending(receiver, 1);
        if (head.isEmpty()) {
            return;
        }
        if (!attemptsCaughtUp) {
            attemptsCaughtUp = attemptsRead.caughtUp(context.taskId().partition());
            if (!attemptsCaughtUp) {
                return;
            }
        }
        KeyValue<String, Outgoing> next = head.get(0);
        if (next.value.notBefore() != null && next.value.notBefore().isAfter(now)) {
            return;
        }
        SendWindow window = windows.get(receiver);
        window = window == null ? SendWindow.EMPTY : window;
        SendLimit limit = target.limit();
        if (window.remaining(now, limit) <= 0) {
            return;
        }
        Outgoing message = next.value;
        String through = null;
        if (window.remainingInMinute(now, limit) == 1) {
            // The minute's last message: everything waiting goes in it, rather than waiting for minutes.
            List<KeyValue<String, Outgoing>> all = pending(receiver, Integer.MAX_VALUE);
            if (all.size() > 1) {
                message = Digest.of(all.stream().map(kv -> kv.value).toList(), notices.activeListUrl());
                through = all.get(all.size() - 1).value.id();
            }
        }
        windows.put(receiver, window.sent(now));
        inFlight.put(receiver, new InFlight(message.id(), System.nanoTime(),
                sender.send(target, notifications.typeOf(receiver), message, through)));
    }

    private void answered(Attempt attempt) {
        if (attempt.test()) {
            return;
        }
        InFlight out = inFlight.get(attempt.receiver());
        if (out != null && out.id().equals(attempt.id())) {
            inFlight.remove(attempt.receiver());
        }
        String key = outboxKeyOf(attempt.id());
        Outgoing message = key == null ? null : outbox.get(key);
        // Read again after an abort, or an answer to a try already counted: nothing more to do.
        if (message != null && message.attempts() + 1 == attempt.attempt()) {
            switch (attempt.outcome()) {
                case SENT, FAILED -> {
                    String last = attempt.through() == null ? null : outboxKeyOf(attempt.through());
                    for (KeyValue<String, Outgoing> taken : last == null ? List.of(KeyValue.pair(key, message))
                            : covered(attempt.receiver(), key, last)) {
                        outbox.delete(taken.key);
                        record(attempt, taken.value);
                    }
                }
                case RETRY -> outbox.put(key, message.retried(attempt.at().plus(
                        backoff.after(attempt.attempt(), attempt.retryAfter()))));
            }
        }
        dispatch(attempt.receiver(), clock.instant());
    }

    /**
     * Waits (a bounded while) for the sends under way to have their outcome written: the task moves
     * to another instance or stops, and whoever takes it next reads those outcomes before sending,
     * instead of sending the same messages again.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (InFlight out : inFlight.values()) {
            try {
                out.written().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("notification {} may be sent again by the next owner: its outcome is not written ({})",
                        out.id(), e.toString());
            }
        }
    }

    /** Says once on the alarm's history why this receiver was not told about it. */
    private void recordHeldBack(String receiver, Member member, String why, Instant at) {
        context.forward(new Record<String, Object>(member.connectionId(), new AlarmCommand(
                "held/" + receiver + "/" + member.serialNo() + "/" + at.toEpochMilli(), member.serialNo(),
                member.connectionId(), BY, false, new AlarmAction.Notified(receiver, HELD, why), at),
                context.currentSystemTimeMs()), TO_COMMANDS);
    }

    /** One history entry on each alarm the message named. */
    private void record(Attempt attempt, Outgoing message) {
        String outcome = attempt.outcome().name().toLowerCase(Locale.ROOT);
        String answer = attempt.outcome() == Delivery.Outcome.SENT ? "" : attempt.answer();
        message.alarms().forEach((serialNo, connectionId) -> context.forward(new Record<String, Object>(connectionId,
                new AlarmCommand(attempt.id() + "/" + serialNo, serialNo, connectionId, BY, false,
                        new AlarmAction.Notified(attempt.receiver(), outcome, answer), attempt.at()),
                context.currentSystemTimeMs()), TO_COMMANDS));
    }

    /** The outbox messages from {@code first} to {@code last}, both included: what a digest took in. */
    private List<KeyValue<String, Outgoing>> covered(String receiver, String first, String last) {
        var found = new ArrayList<KeyValue<String, Outgoing>>();
        for (KeyValue<String, Outgoing> kv : pending(receiver, Integer.MAX_VALUE)) {
            if (kv.key.compareTo(first) >= 0 && kv.key.compareTo(last) <= 0) {
                found.add(kv);
            }
        }
        return found;
    }

    private List<KeyValue<String, Outgoing>> pending(String receiver, int limit) {
        var found = new ArrayList<KeyValue<String, Outgoing>>();
        try (KeyValueIterator<String, Outgoing> it = outbox.prefixScan(receiver + SEP, new StringSerializer())) {
            while (it.hasNext() && found.size() < limit) {
                found.add(it.next());
            }
        }
        return found;
    }

    private Route route(String key) {
        Route found = notifications.route().find(key);
        return found == null ? notifications.route() : found;
    }

    static String outboxKey(String receiver, long seq) {
        return receiver + SEP + String.format("%019d", seq);
    }

    /** The outbox key of a message id ({@code receiver#sequence}), or {@code null} when it is not one. */
    static String outboxKeyOf(String id) {
        int hash = id.lastIndexOf('#');
        if (hash <= 0) {
            return null;
        }
        try {
            return outboxKey(id.substring(0, hash), Long.parseLong(id.substring(hash + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
