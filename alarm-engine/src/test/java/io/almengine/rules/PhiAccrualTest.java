package io.almengine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.AlarmDefinition.Heartbeats;
import io.almengine.definition.AlarmDefinition.Intervals;
import io.almengine.definition.AlarmDefinition.PhiModel;
import io.almengine.testing.Agents;
import io.almengine.testing.Agents.Fluentd;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Phi as detection computes it from a connection's heartbeats, checked against references the
 * test computes on its own from the raw gap list: the window's mean and standard deviation by
 * plain sums, the exponential phi by its closed form, and the normal tail by numerical
 * integration of the Gaussian density (not by erfc, which the implementation uses).
 */
class PhiAccrualTest {

    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");
    private static final double LN10 = Math.log(10);

    /** A known, irregular series: about one second, some jitter, an occasional slow beat. */
    private static List<Double> gapSeries(int n) {
        var gaps = new ArrayList<Double>();
        for (int i = 1; i <= n; i++) {
            double gap = 1.0 + 0.25 * Math.sin(i * 0.7) + (i % 7 == 0 ? 0.8 : 0);
            gaps.add(Math.round(gap * 1000) / 1000.0);
        }
        return gaps;
    }

    @Test
    void exponentialPhiMatchesTheClosedFormOverTheWindowsGaps() {
        AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(1), PhiModel.EXPONENTIAL, null, null));
        List<Double> gaps = gapSeries(40);
        ConnectionState state = heartbeats(def, gaps);
        double mean = mean(withPrior(1.0, gaps));
        for (double elapsed : new double[] {0.5, 1, 2.5, 10, 36.8}) {
            double expected = elapsed / (mean * LN10);
            assertEquals(expected, state.phiAt(after(state, elapsed), def), 1e-9 * Math.max(1, expected),
                    "phi after " + elapsed + " s");
        }
    }

    @Test
    void normalPhiMatchesTheIntegratedGaussianTail() {
        AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(1), PhiModel.NORMAL,
                Duration.ofMillis(1), null));
        List<Double> gaps = gapSeries(60);
        ConnectionState state = heartbeats(def, gaps);
        List<Double> samples = withPrior(1.0, gaps);
        double mean = mean(samples);
        double sd = Math.sqrt(populationVariance(samples));
        assertTrue(sd > 0.1, "the series has real jitter: " + sd);
        for (double elapsed : new double[] {0.8, mean, 1.5, 2.0, 3.0, 4.0}) {
            double expected = -log10UpperTail((elapsed - mean) / sd);
            assertEquals(expected, state.phiAt(after(state, elapsed), def), 1e-6 * Math.max(1, expected),
                    "phi after " + elapsed + " s");
        }
    }

    @Test
    void theReferenceIntegrationItselfReproducesTabulatedTails() {
        // Q(1) = 0.158655253931457, Q(8) = 6.22096057427178e-16 (standard normal tables).
        assertEquals(-Math.log10(0.158655253931457), -log10UpperTail(1), 1e-9);
        assertEquals(-Math.log10(6.22096057427178e-16), -log10UpperTail(8), 1e-9);
    }

    @Test
    void statisticsCoverTheNewestHalfWindowToWindowSamples() {
        // window 10: blocks of 5. Samples: the prior 1.0, then the 23 gaps (24 in all); the older block
        // holds samples 16..20 and the newer one 21..24, i.e. the newest 8 gaps... plus none of the prior.
        AlarmDefinition def = fluentd(new Intervals(10, Duration.ofSeconds(1), PhiModel.EXPONENTIAL, null, null));
        List<Double> samples = withPrior(1.0, gapSeries(23));
        ConnectionState state = heartbeats(def, gapSeries(23));
        assertEquals(9, state.beats().gaps().count());
        assertEquals(mean(samples.subList(15, 24)), state.beats().gaps().mean(), 1e-12);
        assertEquals(populationVariance(samples.subList(15, 24)), state.beats().gaps().variance(), 1e-12);

        ConnectionState rotated = heartbeats(def, gapSeries(24));
        assertEquals(5, rotated.beats().gaps().count(), "a block just rotated: the newest five");
        assertEquals(mean(gapSeries(24).subList(19, 24)), rotated.beats().gaps().mean(), 1e-12);
    }

    @Test
    void theExpectedIntervalIsTheWindowsFirstSampleSoAFirstBurstIsNotTheRhythm() {
        AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(1), PhiModel.EXPONENTIAL, null, null));
        ConnectionState burst = heartbeats(def, List.of(0.1, 0.1, 0.1, 0.1));
        assertEquals(mean(List.of(1.0, 0.1, 0.1, 0.1, 0.1)), burst.beats().gaps().mean(), 1e-12);
        assertTrue(burst.phiAt(after(burst, 4.6), def) < 16, "a 4.6 s pause after a burst is not yet an outage");
    }

    @Test
    void aGapLongerThanMaxGapIsAnOutageNotASample() {
        AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(1), PhiModel.EXPONENTIAL, null,
                Duration.ofSeconds(60)));
        var gaps = new ArrayList<>(List.of(1.0, 1.0, 1.0, 300.0, 1.0, 1.0));
        ConnectionState state = heartbeats(def, gaps);
        assertEquals(6, state.beats().gaps().count(), "the prior and five gaps");
        assertEquals(1.0, state.beats().gaps().mean(), 1e-12);
    }

    @Test
    void beforeTheFirstGapTheExpectedIntervalStandsIn() {
        AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(2), PhiModel.EXPONENTIAL, null, null));
        ConnectionState one = heartbeats(def, List.of());
        assertEquals(10 / (2 * LN10), one.phiAt(T.plusSeconds(10), def), 1e-12);
    }

    @Test
    void theSeedsDetachLineIsThirtySevenSecondsOfSilenceOnAOneSecondHeartbeat() {
        // "detached forwarding server ... phi=16.06797998486109 phi_threshold=16" (Fluentd's own log).
        AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(1), PhiModel.EXPONENTIAL, null, null));
        ConnectionState steady = heartbeats(def, java.util.Collections.nCopies(100, 1.0));
        double elapsed = 16.06797998486109 * LN10;
        assertEquals(37.0, elapsed, 0.01);
        assertEquals(16.06797998486109, steady.phiAt(after(steady, elapsed), def), 1e-6);
    }

    @Test
    void theCrossingInstantIsExactToTheNanosecondAndNeverEarly() {
        for (PhiModel model : PhiModel.values()) {
            AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(1), model, Duration.ofMillis(50), null));
            ConnectionState state = heartbeats(def, gapSeries(30));
            for (double threshold : new double[] {1, 8, 16, 40}) {
                Instant at = state.phiReachedAt(def, threshold);
                assertTrue(state.phiAt(at, def) >= threshold, model + " " + threshold + " reached at " + at);
                assertFalse(state.phiAt(at.minusNanos(2), def) >= threshold, model + " " + threshold + " not before");
            }
        }
    }

    @Test
    void phiIsZeroForAHeartbeatStampedInTheFuture() {
        AlarmDefinition def = fluentd(new Intervals(1000, Duration.ofSeconds(1), PhiModel.EXPONENTIAL, null, null));
        ConnectionState state = heartbeats(def, gapSeries(10));
        assertEquals(0, state.phiAt(state.lastBeat().minusSeconds(3), def));
    }

    // ---------------------------------------------------------------- helpers

    private static AlarmDefinition fluentd(Intervals intervals) {
        return Agents.shipped(24102, new Heartbeats(null, intervals));
    }

    /** A connection that received a heartbeat at T and then one after each gap. */
    private static ConnectionState heartbeats(AlarmDefinition def, List<Double> gaps) {
        Fluentd link = Fluentd.freshPrimary();
        Instant at = T;
        ConnectionState state = ConnectionState.apply(null, link.heartbeat(at), def.heartbeats()).state();
        for (double gap : gaps) {
            at = at.plusNanos(Math.round(gap * 1e9));
            state = ConnectionState.apply(state, link.heartbeat(at), def.heartbeats()).state();
        }
        return state;
    }

    private static Instant after(ConnectionState state, double seconds) {
        return state.lastBeat().plusNanos(Math.round(seconds * 1e9));
    }

    private static List<Double> withPrior(double prior, List<Double> gaps) {
        var samples = new ArrayList<Double>();
        samples.add(prior);
        samples.addAll(gaps);
        return samples;
    }

    private static double mean(List<Double> xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.size();
    }

    private static double populationVariance(List<Double> xs) {
        double m = mean(xs);
        double sum = 0;
        for (double x : xs) {
            sum += (x - m) * (x - m);
        }
        return sum / xs.size();
    }

    /**
     * -log10 of the standard normal upper tail, by Simpson's rule: Q(y) = phi(y) * integral over
     * u >= 0 of exp(-y u - u^2/2), which stays representable for large y.
     */
    private static double log10UpperTail(double y) {
        if (y < 0) {
            return Math.log10(1 - Math.pow(10, log10UpperTail(-y)));
        }
        int steps = 400_000;
        double upper = 12;
        double h = upper / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double u = i * h;
            double f = Math.exp(-y * u - u * u / 2);
            sum += f * (i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2));
        }
        double integral = sum * h / 3;
        double lnDensity = -y * y / 2 - 0.5 * Math.log(2 * Math.PI);
        return (lnDensity + Math.log(integral)) / LN10;
    }
}
