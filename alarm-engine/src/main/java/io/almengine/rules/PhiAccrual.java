package io.almengine.rules;

import io.almengine.definition.AlarmDefinition.PhiModel;

/**
 * The phi of the phi-accrual failure detector (Hayashibara et al., 2004): phi = -log10 of the
 * probability that a heartbeat comes later than {@code elapsed}, given the distribution of the
 * gaps seen so far. Phi grows with the silence; a threshold on it is a suspicion level that adapts
 * to each agent's own rhythm.
 *
 * <ul>
 *   <li>{@link PhiModel#EXPONENTIAL}: gaps exponentially distributed with the window's mean, so
 *       {@code phi = elapsed / (mean * ln 10)}. This is Fluentd out_forward's formula (and
 *       Cassandra's): with it, the seed's {@code phi=16.07 phi_threshold=16} means what it meant in
 *       the forwarder's own log.</li>
 *   <li>{@link PhiModel#NORMAL}: gaps normally distributed with the window's mean and standard
 *       deviation, as in the paper and Akka. The tail is computed in log space from erfc (relative
 *       error below 1.2e-7, so phi is good to about 1e-7 at any size), not with Akka's logistic
 *       approximation, which overstates phi by several units above 10.</li>
 * </ul>
 */
public final class PhiAccrual {

    private static final double LN10 = Math.log(10);

    private PhiAccrual() {
    }

    /** Phi after {@code elapsed} seconds of silence, for gaps of {@code mean} and {@code stdDev} seconds. */
    public static double phi(PhiModel model, double elapsed, double mean, double stdDev) {
        if (model == PhiModel.EXPONENTIAL) {
            return elapsed <= 0 ? 0 : elapsed / (mean * LN10);
        }
        return -lnUpperTail((elapsed - mean) / stdDev) / LN10;
    }

    /** The silence, in seconds, after which phi reaches {@code threshold}. */
    public static double crossing(PhiModel model, double threshold, double mean, double stdDev) {
        if (model == PhiModel.EXPONENTIAL) {
            return threshold * LN10 * mean;
        }
        return mean + stdDev * standardCrossing(threshold);
    }

    /** Thresholds are a handful of definition settings; their crossings are solved once each. */
    private static final java.util.Map<Double, Double> CROSSINGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The y at which -log10 Q(y) = threshold for the standard normal tail Q; phi is monotone in y. */
    static double standardCrossing(double threshold) {
        return CROSSINGS.computeIfAbsent(threshold, PhiAccrual::solveStandardCrossing);
    }

    private static double solveStandardCrossing(double threshold) {
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            double mid = (lo + hi) / 2;
            if (-lnUpperTail(mid) / LN10 < threshold) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * ln Q(y), Q the standard normal upper tail, = ln(erfc(y/sqrt 2) / 2). erfc from the Chebyshev
     * fit of Numerical Recipes ({@code erfcc}, fractional error below 1.2e-7 everywhere), kept in log
     * space so that y = 40 (phi about 350) does not underflow.
     */
    static double lnUpperTail(double y) {
        double z = Math.abs(y) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * z);
        double poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
        double lnErfcAbs = Math.log(t) - z * z + poly;
        double lnErfc = y >= 0 ? lnErfcAbs : Math.log(2 - Math.exp(lnErfcAbs));
        return lnErfc - Math.log(2);
    }
}
