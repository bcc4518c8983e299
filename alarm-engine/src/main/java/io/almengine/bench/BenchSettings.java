package io.almengine.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one bench run does.
 *
 * @param connections       size of the fleet: distinct client connections tracked by the engine
 * @param heartbeatInterval how often each connected client sends a heartbeat (the fleet's event rate is
 *                          {@code connections / heartbeatInterval})
 * @param flapFraction      share of the fleet that disconnects and reconnects across the window
 * @param raiseAfter        the alarm threshold the run uses in place of the shipped 3 minutes
 * @param backlogEvents     at least this many events are waiting in Kafka when the engine starts
 *                          (whole rounds of the fleet, so every connection gets the same number)
 * @param warmUpEvents      events of a separate fleet the engine drains (and retires) before anything is
 *                          measured, so the figures are those of compiled code, not of the JIT at work
 * @param live              length of the live phase that measures alarm latency at the fleet's own rate
 * @param maxFlappers       cap on the connections that flap during the live phase
 * @param partitions        partitions of the engine's topics
 * @param streamThreads     Kafka Streams threads; 0 keeps the engine's default
 * @param workDir           broker and engine data; {@code null}: a temporary folder, deleted afterwards
 * @param definitionsDir    the definitions to copy with {@code raiseAfter} replaced
 * @param rulesDir          Drools rule files
 * @param runbooksDir       runbooks
 * @param fleet             the agents simulated: Flume clients (ALM-24003) or Logtail agents (ALM-24101)
 * @param allowedLateness   the engine's allowed lateness (raises no watermark vouches for wait that long)
 * @param watermarkInterval when set, the live phase acts as one reporter: its events name it and it sends
 *                          a watermark this often; {@code null}: a plain producer, no watermarks
 * @param restarts          whether the run ends with the three timed restarts; without them the restart
 *                          figures are {@code null} (a run that checks alarms only, not start-up times)
 */
public record BenchSettings(
        int connections,
        Duration heartbeatInterval,
        double flapFraction,
        Duration raiseAfter,
        long backlogEvents,
        long warmUpEvents,
        Duration live,
        int maxFlappers,
        int partitions,
        int streamThreads,
        Path workDir,
        Path definitionsDir,
        Path rulesDir,
        Path runbooksDir,
        FleetKind fleet,
        Duration allowedLateness,
        Duration watermarkInterval,
        boolean restarts) {

    public BenchSettings {
        if (connections < 10) {
            throw new IllegalArgumentException("--connections must be at least 10, not " + connections);
        }
        if (flapFraction < 0 || flapFraction > 0.5) {
            throw new IllegalArgumentException("--flap-fraction must be from 0 to 0.5, not " + flapFraction);
        }
        if (fleet == FleetKind.LOGTAIL) {
            // Only heartbeats keep an agent out of alarm: a steady agent must beat well inside the
            // threshold, with room for a bench that falls a little behind its own rhythm.
            if (heartbeatInterval.multipliedBy(2).compareTo(raiseAfter) > 0) {
                throw new IllegalArgumentException("--heartbeat-interval must be at most half of --raise-after for a"
                        + " logtail fleet, whose agents stay out of alarm only by heartbeating");
            }
        } else if (raiseAfter.multipliedBy(2).compareTo(heartbeatInterval) > 0) {
            throw new IllegalArgumentException("--raise-after must be at most half of --heartbeat-interval, so a"
                    + " flap inside one round never crosses the threshold in event time");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("--allowed-lateness must not be negative, not " + allowedLateness);
        }
        if (watermarkInterval != null && (watermarkInterval.isNegative() || watermarkInterval.isZero())) {
            throw new IllegalArgumentException("--watermark-interval must be positive, not " + watermarkInterval);
        }
        if (live.compareTo(raiseAfter.plusSeconds(10)) < 0) {
            throw new IllegalArgumentException("--live must be at least --raise-after + 10 s, not " + live);
        }
    }

    /** Rounds of the backlog: one CONNECTED per connection, then heartbeat rounds, at least three in all. */
    public int backlogRounds() {
        return (int) Math.max(3, (backlogEvents + connections - 1) / connections);
    }

    /** Every {@code flapPeriod()}-th connection flaps in a round; 0: none does. */
    public int flapPeriod() {
        return flapFraction <= 0 ? 0 : (int) Math.max(1, Math.round(1 / flapFraction));
    }

    /** Connections that flap during the live phase (half outages that raise, half blips that do not). */
    public int liveFlappers() {
        if (flapFraction <= 0) {
            return 0;
        }
        return (int) Math.min(maxFlappers, Math.max(10, Math.round(connections * flapFraction)));
    }
}
