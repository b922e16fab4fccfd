package io.simrt.inference.abc;

import io.simrt.api.BatchOutput;
import io.simrt.models.ParameterException;
import java.util.Arrays;

/**
 * The state of one rejection run (ELFI's {@code Rejection} buffer and objective), fed batch by batch in index
 * order. It keeps the {@code nSamples} nearest accepted rows sorted by distance, so the threshold is the
 * nSamples-th smallest distance (+infinity until that many arrived).
 *
 * <p>ELFI keeps {@code nSamples + batchSize} rows and re-sorts them all after each batch; its first nSamples rows
 * are exactly the nSamples nearest, and in threshold runs the number of buffered acceptable rows is
 * {@code min(accepted so far, nSamples + batchSize)}, which is all the batch estimate needs. Keeping only the
 * nearest nSamples with that count gives the same results without sorting the whole buffer every batch.
 * Distances compare as {@link Double#compare} does. A NaN distance (a row whose simulator threw under
 * {@code OnSimulationError.SKIP}, or whose summaries or distance came out NaN) is never accepted, never kept and never
 * becomes the threshold: it counts as a simulation run and as {@link #skipped()}.
 */
final class RejectionState {
    private final int nSamples;
    private final int batchSize;
    private final int nParams;
    private final double threshold; // NaN: no threshold
    private double[] bestD;
    private double[] bestP;
    private int filled;
    private long accepted;
    private long nSim;
    private long skipped;
    private long nBatches;
    private long objectiveBatches;

    RejectionState(int nSamples, int batchSize, int nParams, Objective objective, int maxParallelBatches) {
        objective.check(nSamples);
        this.nSamples = nSamples;
        this.batchSize = batchSize;
        this.nParams = nParams;
        this.threshold = objective.threshold().orElse(Double.NaN);
        this.bestD = new double[nSamples];
        Arrays.fill(bestD, Double.POSITIVE_INFINITY);
        this.bestP = new double[nSamples * nParams];
        var sims = objective.requestedSimulations(nSamples);
        this.objectiveBatches = sims.isPresent() ? ceilDiv(sims.getAsLong(), batchSize) : maxParallelBatches;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** Merges the next batch in index order. */
    void merge(BatchOutput batch) {
        if (batch.size() != batchSize) {
            throw ParameterException.because(
                    "batch " + batch.index() + " has " + batch.size() + " rows, expected " + batchSize);
        }
        if (batch.nParams() != nParams) {
            throw ParameterException.because(
                    "batch " + batch.index() + " has " + batch.nParams() + " parameters, expected " + nParams);
        }
        boolean useThreshold = !Double.isNaN(threshold);
        int size = batch.size();
        int[] cand = new int[size];
        int k = 0;
        for (int i = 0; i < size; i++) {
            double d = batch.distance(i);
            if (Double.isNaN(d)) {
                skipped++;
                continue;
            }
            if (useThreshold) {
                if (!(d <= threshold)) {
                    continue;
                }
                accepted++;
            }
            if (filled < nSamples || Double.compare(d, bestD[nSamples - 1]) < 0) {
                cand[k++] = i;
            }
        }
        if (k > 0) {
            mergeCandidates(batch, cand, k);
        }
        nSim += batchSize;
        nBatches++;
        if (useThreshold) {
            updateObjectiveBatches();
        }
    }

    private void mergeCandidates(BatchOutput batch, int[] cand, int k) {
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = cand[i];
        }
        // stable: ties keep batch order
        Arrays.sort(order, (a, b) -> Double.compare(batch.distance(a), batch.distance(b)));
        double[] nd = new double[nSamples];
        double[] np = new double[nSamples * nParams];
        int i = 0;
        int j = 0;
        int out = 0;
        while (out < nSamples && (i < filled || j < k)) {
            // existing rows win ties: they arrived first
            boolean takeOld = j >= k || (i < filled && Double.compare(bestD[i], batch.distance(order[j])) <= 0);
            if (takeOld) {
                nd[out] = bestD[i];
                System.arraycopy(bestP, i * nParams, np, out * nParams, nParams);
                i++;
            } else {
                int r = order[j];
                nd[out] = batch.distance(r);
                for (int q = 0; q < nParams; q++) {
                    np[out * nParams + q] = batch.param(r, q);
                }
                j++;
            }
            out++;
        }
        Arrays.fill(nd, out, nSamples, Double.POSITIVE_INFINITY);
        bestD = nd;
        bestP = np;
        filled = out;
    }

    /** ELFI's {@code _update_objective_n_batches}, for threshold runs. */
    private void updateObjectiveBatches() {
        long nAcceptable = Math.min(accepted, (long) nSamples + batchSize);
        if (nAcceptable == 0) {
            objectiveBatches = objectiveBatches + 1;
        } else {
            double acceptRateT = (double) nAcceptable / nSim;
            double margin = nAcceptable < nSamples ? 0.2 * batchSize : 0.0;
            objectiveBatches = (long) Math.ceil((nSamples / acceptRateT + margin) / batchSize);
        }
    }

    boolean finished() {
        return objectiveBatches <= nBatches;
    }

    long objectiveBatches() {
        return objectiveBatches;
    }

    long nBatches() {
        return nBatches;
    }

    long nSim() {
        return nSim;
    }

    /** Simulations whose distance was NaN: run and counted in {@link #nSim()}, but never accepted. */
    long skipped() {
        return skipped;
    }

    /** The nSamples-th smallest distance so far; +infinity until that many rows arrived. */
    double currentThreshold() {
        return bestD[nSamples - 1];
    }

    /** ELFI: {@code min(1, nSamples / nSim)}. */
    double acceptRate() {
        return nSim == 0 ? 1.0 : Math.min(1.0, (double) nSamples / nSim);
    }

    int filled() {
        return filled;
    }

    /** Copies of the nearest rows, sorted by distance: parameters row-major, and distances. */
    double[] params() {
        return Arrays.copyOf(bestP, filled * nParams);
    }

    double[] distances() {
        return Arrays.copyOf(bestD, filled);
    }
}
