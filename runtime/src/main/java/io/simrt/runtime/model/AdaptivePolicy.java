package io.simrt.runtime.model;

import java.util.Locale;

/**
 * Decides, above the fixed serial threshold, whether a call is worth sending to the engines. QInfer's fixed
 * threshold (10 rows per engine) sends a cheap model's calls out even when the round trip costs more than the
 * work; this policy compares the expected times instead:
 * <pre>
 *   serial   = cells x costHere
 *   parallel = cells x costOnEngines / engines + roundTrip
 * </pre>
 * where cells = rows x outcomes x experiments, the costs per cell are running averages of measured calls, and
 * roundTrip is what a parallel call took beyond its slowest engine's share. A call goes out when parallel is
 * expected to take at most 90% of serial. The first two calls run here (the first, before the JIT has compiled the
 * model, is not counted: a cold call, many times slower, would make the engines look cheaper until the next refresh);
 * the next {@value #PROBES} go out (the first of them, which installs the model and warms the path, is not counted);
 * after that, every {@value #REFRESH}th decision runs the other way once to refresh the estimates (bounded extra
 * cost: one call in {@value #REFRESH}).
 *
 * <p>The choice never changes a result: likelihoods are deterministic, and simulations draw from per-block
 * streams that do not depend on where the blocks run.
 */
final class AdaptivePolicy {
    static final int REFRESH = 50;
    static final int PROBES = 3;
    private static final double WEIGHT = 0.3; // of the newest measurement in the running averages

    private double costHere = Double.NaN; // ns per cell, calls run in the caller's thread
    private double costOnEngines = Double.NaN; // ns per cell, compute time reported by engines
    private double roundTrip = Double.NaN; // ns per parallel call beyond the work itself
    private long decisions;
    private int serialCalls;
    private int parallelCalls;

    /** Whether a call of {@code cells} should go to {@code engines} engines. */
    synchronized boolean parallel(long cells, int engines) {
        decisions++;
        if (Double.isNaN(costHere)) {
            return false; // learn the local cost first (the first call's is not counted)
        }
        if (parallelCalls < PROBES || Double.isNaN(roundTrip)) {
            return true; // then learn what a parallel call costs
        }
        boolean better = expectedParallel(cells, engines) <= 0.9 * expectedSerial(cells);
        return decisions % REFRESH == 0 ? !better : better;
    }

    double expectedSerial(long cells) {
        return cells * costHere;
    }

    double expectedParallel(long cells, int engines) {
        return cells * costOnEngines / Math.max(1, engines) + roundTrip;
    }

    synchronized void recordSerial(long cells, long nanos) {
        if (cells <= 0 || serialCalls++ == 0) {
            return; // the first call here ran cold code: not representative
        }
        costHere = average(costHere, (double) nanos / cells);
    }

    /**
     * @param engineNanos compute time summed over the call's shards, as the engines measured it
     * @param shards      shards the call was cut into
     */
    synchronized void recordParallel(long cells, int engines, int shards, long wallNanos, long engineNanos) {
        if (cells <= 0 || parallelCalls++ == 0) {
            return; // the first parallel call pays for installs and a cold path: not representative
        }
        double perCell = (double) engineNanos / cells;
        costOnEngines = average(costOnEngines, perCell);
        double slowestShare = engineNanos / (double) Math.max(1, Math.min(shards, Math.max(1, engines)));
        roundTrip = average(roundTrip, Math.max(0, wallNanos - slowestShare));
    }

    private static double average(double old, double sample) {
        return Double.isNaN(old) ? sample : (1 - WEIGHT) * old + WEIGHT * sample;
    }

    @Override
    public synchronized String toString() {
        return String.format(
                Locale.ROOT,
                "AdaptivePolicy[here %.1f ns/cell, engines %.1f ns/cell, " + "round trip %.0f us]",
                costHere,
                costOnEngines,
                roundTrip / 1e3);
    }
}
