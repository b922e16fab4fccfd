package io.simrt.inference.abc;

import io.simrt.models.ParameterException;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * When a rejection run stops, ELFI's {@code quantile} / {@code n_sim} / {@code threshold}
 * ({@code docs/python-semantics.md} §5):
 * <ul>
 *   <li>{@link #quantile(double)}: {@code nSim = ceil(nSamples / quantile)}, keep the nSamples nearest;</li>
 *   <li>{@link #simulations(long)}: run {@code ceil(nSim / batchSize)} whole batches, keep the nSamples nearest
 *       (so the simulations done may exceed the number asked for);</li>
 *   <li>{@link #threshold(double)}: accept only distances {@code <= threshold} and run until nSamples are
 *       accepted, re-estimating the number of batches after each; with {@link #threshold(double, long)} the
 *       simulations only set the first estimate.</li>
 * </ul>
 * The default ({@link #defaults()}) is {@code quantile = 0.01}.
 */
public final class Objective {
    private final double quantile; // NaN when not set
    private final long simulations; // 0 when not set
    private final double threshold; // NaN when not set

    private Objective(double quantile, long simulations, double threshold) {
        this.quantile = quantile;
        this.simulations = simulations;
        this.threshold = threshold;
    }

    public static Objective defaults() {
        return quantile(0.01);
    }

    /** @throws ParameterException unless {@code 0 < quantile <= 1} */
    public static Objective quantile(double quantile) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw ParameterException.of("quantile", quantile, "must lie in (0, 1]");
        }
        return new Objective(quantile, 0, Double.NaN);
    }

    /** @throws ParameterException unless {@code simulations > 0} */
    public static Objective simulations(long simulations) {
        if (simulations <= 0) {
            throw ParameterException.of("simulations", simulations, "must be > 0");
        }
        return new Objective(Double.NaN, simulations, Double.NaN);
    }

    /** @throws ParameterException unless the threshold is finite and {@code >= 0} */
    public static Objective threshold(double threshold) {
        checkThreshold(threshold);
        return new Objective(Double.NaN, 0, threshold);
    }

    /** A threshold run whose first estimate of the work is {@code simulations}. */
    public static Objective threshold(double threshold, long simulations) {
        checkThreshold(threshold);
        if (simulations <= 0) {
            throw ParameterException.of("simulations", simulations, "must be > 0");
        }
        return new Objective(Double.NaN, simulations, threshold);
    }

    private static void checkThreshold(double threshold) {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw ParameterException.of("threshold", threshold, "must be finite and >= 0");
        }
    }

    public OptionalDouble quantile() {
        return Double.isNaN(quantile) ? OptionalDouble.empty() : OptionalDouble.of(quantile);
    }

    public OptionalLong simulations() {
        return simulations == 0 ? OptionalLong.empty() : OptionalLong.of(simulations);
    }

    public OptionalDouble threshold() {
        return Double.isNaN(threshold) ? OptionalDouble.empty() : OptionalDouble.of(threshold);
    }

    /**
     * The simulations this objective asks for up front: {@code ceil(nSamples / quantile)} or the given number;
     * empty for a plain threshold run.
     */
    OptionalLong requestedSimulations(int nSamples) {
        if (!Double.isNaN(quantile)) {
            return OptionalLong.of((long) Math.ceil(nSamples / quantile));
        }
        return simulations();
    }

    /**
     * Checks that {@code nSamples} can be met: never more samples than simulations asked for.
     *
     * @throws ParameterException naming both numbers
     */
    void check(int nSamples) {
        if (nSamples <= 0) {
            throw ParameterException.of("samples", nSamples, "must be > 0");
        }
        OptionalLong sims = requestedSimulations(nSamples);
        if (Double.isNaN(threshold) && sims.isPresent() && nSamples > sims.getAsLong()) {
            throw ParameterException.because(
                    "samples (" + nSamples + ") must not exceed simulations (" + sims.getAsLong() + ")");
        }
    }

    @Override
    public String toString() {
        if (!Double.isNaN(quantile)) {
            return "quantile " + quantile;
        }
        if (!Double.isNaN(threshold)) {
            return "threshold " + threshold + (simulations > 0 ? " (first estimate " + simulations + " sims)" : "");
        }
        return simulations + " simulations";
    }
}
