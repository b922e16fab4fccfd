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

    /**
     * Merges the next batch, simulated or from its record, and tells the journal which it was (with the new record
     * of a simulated batch).
     */
    void take(BatchPipeline.Arrival arrival, BatchJournal journal) {
        if (arrival.stored() != null) {
            replay(arrival.stored());
            journal.reused(arrival.stored());
        } else {
            journal.ran(merge(arrival.output(), journal.keepsSimulations()));
        }
    }

    /** Merges the next batch in index order; returns what a run store keeps of it. */
    BatchRecord merge(BatchOutput batch) {
        return merge(batch, false);
    }

    /**
     * Merges the next batch in index order and returns its record: the rows that entered the nearest {@code nSamples}
     * (no other row of the batch can ever be among them, in this run or in one keeping fewer samples), or every row if
     * {@code keepAll}.
     */
    BatchRecord merge(BatchOutput batch, boolean keepAll) {
        checkShape(batch.index(), batch.size(), batch.nParams());
        boolean useThreshold = !Double.isNaN(threshold);
        int size = batch.size();
        int[] cand = new int[size];
        int k = 0;
        long skippedHere = 0;
        long acceptedHere = 0;
        for (int i = 0; i < size; i++) {
            double d = batch.distance(i);
            if (Double.isNaN(d)) {
                skippedHere++;
                continue;
            }
            if (useThreshold) {
                if (!(d <= threshold)) {
                    continue;
                }
                acceptedHere++;
            }
            if (filled < nSamples || Double.compare(d, bestD[nSamples - 1]) < 0) {
                cand[k++] = i;
            }
        }
        int[] entered = k > 0 ? mergeCandidates(batch::distance, batch::param, cand, k) : new int[0];
        count(skippedHere, acceptedHere);
        return keepAll
                ? everyRow(batch, skippedHere, acceptedHere)
                : rows(batch, entered, entered.length, skippedHere, acceptedHere);
    }

    /**
     * Merges a batch from its record, as {@link #merge} merged it when it ran. The record may hold more rows than
     * this run needs (a run that kept more samples, or every row): they are filtered as a fresh batch's would be.
     * An incomplete record's {@code accepted} count must be for this run's threshold (the store checks).
     */
    void replay(BatchRecord record) {
        checkShape(record.index(), record.size(), record.nParams());
        boolean useThreshold = !Double.isNaN(threshold);
        int kept = record.kept();
        int[] cand = new int[kept];
        int k = 0;
        long skippedHere = record.complete() ? 0 : record.skipped();
        long acceptedHere = record.complete() ? 0 : record.accepted();
        for (int i = 0; i < kept; i++) {
            double d = record.distance(i);
            if (Double.isNaN(d)) {
                skippedHere += record.complete() ? 1 : 0;
                continue;
            }
            if (useThreshold) {
                if (!(d <= threshold)) {
                    continue;
                }
                acceptedHere += record.complete() ? 1 : 0;
            }
            if (filled < nSamples || Double.compare(d, bestD[nSamples - 1]) < 0) {
                cand[k++] = i;
            }
        }
        if (k > 0) {
            mergeCandidates(record::distance, record::param, cand, k);
        }
        count(skippedHere, acceptedHere);
    }

    private void checkShape(long index, int size, int params) {
        if (size != batchSize) {
            throw ParameterException.because("batch " + index + " has " + size + " rows, expected " + batchSize);
        }
        if (params != nParams) {
            throw ParameterException.because("batch " + index + " has " + params + " parameters, expected " + nParams);
        }
    }

    private void count(long skippedHere, long acceptedHere) {
        skipped += skippedHere;
        accepted += acceptedHere;
        nSim += batchSize;
        nBatches++;
        if (!Double.isNaN(threshold)) {
            updateObjectiveBatches();
        }
    }

    private BatchRecord rows(BatchOutput batch, int[] cand, int k, long skippedHere, long acceptedHere) {
        int[] rows = Arrays.copyOf(cand, k);
        double[] p = new double[k * nParams];
        double[] d = new double[k];
        for (int j = 0; j < k; j++) {
            d[j] = batch.distance(rows[j]);
            for (int q = 0; q < nParams; q++) {
                p[j * nParams + q] = batch.param(rows[j], q);
            }
        }
        return new BatchRecord(batch.index(), batchSize, skippedHere, acceptedHere, false, rows, nParams, p, d);
    }

    private BatchRecord everyRow(BatchOutput batch, long skippedHere, long acceptedHere) {
        int[] rows = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            rows[i] = i;
        }
        return new BatchRecord(
                batch.index(),
                batchSize,
                skippedHere,
                acceptedHere,
                true,
                rows,
                nParams,
                batch.params(),
                batch.distances(),
                batch.nSummaries(),
                batch.summaries());
    }

    /** A row's distance by its position in the batch or record. */
    private interface Distances {
        double distance(int i);
    }

    /** A row's parameter {@code q} by its position in the batch or record. */
    private interface Params {
        double param(int i, int q);
    }

    /** Merges candidates {@code cand[0 .. k)} into the nearest rows; returns those that entered, in row order. */
    private int[] mergeCandidates(Distances dist, Params par, int[] cand, int k) {
        double[] keys = new double[k];
        for (int i = 0; i < k; i++) {
            keys[i] = dist.distance(cand[i]);
        }
        // stable: ties keep batch order
        int[] byDistance = StableOrder.of(keys, k);
        int[] order = new int[k];
        for (int i = 0; i < k; i++) {
            order[i] = cand[byDistance[i]];
        }
        double[] nd = new double[nSamples];
        double[] np = new double[nSamples * nParams];
        int i = 0;
        int j = 0;
        int out = 0;
        while (out < nSamples && (i < filled || j < k)) {
            // existing rows win ties: they arrived first
            boolean takeOld = j >= k || (i < filled && Double.compare(bestD[i], dist.distance(order[j])) <= 0);
            if (takeOld) {
                nd[out] = bestD[i];
                System.arraycopy(bestP, i * nParams, np, out * nParams, nParams);
                i++;
            } else {
                int r = order[j];
                nd[out] = dist.distance(r);
                for (int q = 0; q < nParams; q++) {
                    np[out * nParams + q] = par.param(r, q);
                }
                j++;
            }
            out++;
        }
        Arrays.fill(nd, out, nSamples, Double.POSITIVE_INFINITY);
        bestD = nd;
        bestP = np;
        filled = out;
        int[] entered = new int[j];
        for (int e = 0; e < j; e++) {
            entered[e] = order[e];
        }
        Arrays.sort(entered);
        return entered;
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
