package io.almengine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time by kind of thread between two moments: where a phase's CPU went (stream threads, their
 * producers, the in-process broker, clients, and the rest: JIT compiler and GC, which are not
 * Java threads).
 */
final class ThreadCpu {

    private final Map<Long, Long> start = snapshotById();
    private final Map<String, Long> nativeStart = nativeTicksByKind();
    private final long processStart = MemoryProbe.processCpuNanos();

    /** The whole process's CPU time since this object was made. */
    long processNanos() {
        return MemoryProbe.processCpuNanos() - processStart;
    }

    /** CPU time per event and kind of thread since this object was made, with the unaccounted rest. */
    String report(long events) {
        return report(events, "event");
    }

    /** CPU time per {@code what} (of which there were {@code count}) and kind of thread since this object was made. */
    String report(long count, String what) {
        long events = count;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var byKind = new TreeMap<String, Long>();
        long javaTotal = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - start.getOrDefault(info.getThreadId(), 0L);
            byKind.merge(kind(info.getThreadName()), used, Long::sum);
            javaTotal += used;
        }
        long process = MemoryProbe.processCpuNanos() - processStart;
        Map<String, Long> nativeEnd = nativeTicksByKind();
        long nativeTotal = 0;
        for (String kind : nativeEnd.keySet()) {
            long used = (nativeEnd.get(kind) - nativeStart.getOrDefault(kind, 0L)) * NANOS_PER_TICK;
            byKind.put(kind, used);
            nativeTotal += used;
        }
        byKind.put("other native threads", Math.max(0, process - javaTotal - nativeTotal));
        var out = new StringBuilder("CPU per " + what + " by thread kind (us):");
        byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .filter(e -> e.getValue() > 0)
                .forEach(e -> out.append(String.format(Locale.ROOT, " %s %.1f;", e.getKey(),
                        e.getValue() / 1e3 / Math.max(1, events))));
        return out.toString();
    }

    /** Linux reports thread CPU in clock ticks of 1/100 s (USER_HZ). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /**
     * CPU ticks of the threads that are not Java threads, by kind, read from /proc (Linux only;
     * elsewhere they stay in "other native threads"): the JIT compilers, the garbage collector and
     * RocksDB's flush and compaction threads.
     */
    private static Map<String, Long> nativeTicksByKind() {
        var out = new HashMap<String, Long>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        try (var dirs = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : dirs.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String comm = stat.substring(open + 1, close);
                    String kind = nativeKind(comm);
                    if (kind == null) {
                        continue;
                    }
                    String[] fields = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    out.merge(kind, ticks, Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // thread gone meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return out;
    }

    private static String nativeKind(String comm) {
        if (comm.contains("CompilerThre")) {
            return "JIT compiler";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
            return "garbage collector";
        }
        if (comm.startsWith("rocksdb")) {
            return "RocksDB background";
        }
        return null;
    }

    private static String kind(String name) {
        if (name.contains("StreamThread") && name.contains("producer")) {
            return "stream producers";
        }
        if (name.contains("StreamThread")) {
            return "stream threads";
        }
        if (name.contains("StateUpdater")) {
            return "state updater";
        }
        if (name.startsWith("data-plane-kafka-request-handler")) {
            return "broker request handlers";
        }
        if (name.startsWith("data-plane-kafka-network")) {
            return "broker network";
        }
        if (name.startsWith("kafka-producer-network-thread | bench")) {
            return "bench producers";
        }
        if (name.startsWith("kafka") || name.contains("Txn") || name.contains("coordinator")
                || name.contains("quorum") || name.contains("raft") || name.startsWith("log-")) {
            return "broker other";
        }
        if (name.startsWith("qtp")) {
            return "HTTP API";
        }
        if (name.startsWith("bench-") || name.startsWith("HttpClient")) {
            return "bench clients";
        }
        if (name.startsWith("mirror-")) {
            return "alarm and token mirrors";
        }
        return "other";
    }

    private static Map<Long, Long> snapshotById() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var out = new HashMap<Long, Long>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                out.put(id, cpu);
            }
        }
        return out;
    }
}
