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
    private final double[] bestD;
    private final double[] bestP;
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
     * {@code keepAll}. The batch may hold only the rows not beyond the {@link #cut} this state gave when it was
     * requested: the others could not have entered, nor been accepted under the threshold.
     *
     * @throws IllegalStateException if {@code keepAll} and the batch lacks rows
     */
    BatchRecord merge(BatchOutput batch, boolean keepAll) {
        checkShape(batch.index(), batch.size(), batch.nParams());
        if (keepAll && !batch.complete()) {
            throw new IllegalStateException("batch " + batch.index() + " holds " + batch.kept() + " of its "
                    + batch.size() + " rows, and every row is to be kept: it must be requested without a cut");
        }
        boolean useThreshold = !Double.isNaN(threshold);
        int size = batch.kept();
        int[] cand = new int[size];
        int k = 0;
        long skippedHere = 0;
        long acceptedHere = 0;
        boolean open = filled < nSamples;
        double cut = bestD[nSamples - 1];
        if (!useThreshold && !open) {
            // the usual case, all nSamples rows kept and no threshold: one test a row for the few nearer than the cut
            // (Double.compare's order: -0.0 is nearer than 0.0), NaN counted as skipped
            for (int i = 0; i < size; i++) {
                double d = batch.distance(i);
                if (d < cut || (d == cut && Double.compare(d, cut) < 0)) {
                    cand[k++] = i;
                } else if (d != d) {
                    skippedHere++;
                }
            }
        } else {
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
                if (open || Double.compare(d, cut) < 0) {
                    cand[k++] = i;
                }
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
        boolean open = filled < nSamples;
        double cut = bestD[nSamples - 1];
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
            if (open || Double.compare(d, cut) < 0) {
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

    /** The record of held rows {@code cand[0 .. k)} (ascending), named by their positions in the batch. */
    private BatchRecord rows(BatchOutput batch, int[] cand, int k, long skippedHere, long acceptedHere) {
        int[] rows = new int[k];
        double[] p = new double[k * nParams];
        double[] d = new double[k];
        for (int j = 0; j < k; j++) {
            rows[j] = batch.row(cand[j]);
            d[j] = batch.distance(cand[j]);
            for (int q = 0; q < nParams; q++) {
                p[j * nParams + q] = batch.param(cand[j], q);
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

    /**
     * Merges candidates {@code cand[0 .. k)} into the nearest rows; returns those that entered, in row order.
     *
     * <p>The merge runs from the back, in place: the rows beyond the new {@code filled} are dropped first (the largest
     * distances, a new row before an old one of the same distance, as the old one arrived first), then from the last
     * candidate down each takes its place after the old rows that stay before it, those after it moving up as one
     * block. Nothing is allocated per batch but the candidates' order: the former merge into fresh arrays copied the
     * {@code nSamples} rows one by one for every batch, on the inference thread that shares the cores with the
     * engines.
     */
    private int[] mergeCandidates(Distances dist, Params par, int[] cand, int k) {
        double[] keys = new double[k];
        for (int c = 0; c < k; c++) {
            keys[c] = dist.distance(cand[c]);
        }
        // stable: ties keep batch order
        int[] byDistance = StableOrder.of(keys, k);
        int out = (int) Math.min(nSamples, (long) filled + k);
        int i = filled - 1;
        int j = k - 1;
        for (int drop = filled + k - out; drop > 0; drop--) {
            if (j < 0 || (i >= 0 && Double.compare(bestD[i], keys[byDistance[j]]) > 0)) {
                i--;
            } else {
                j--;
            }
        }
        int entered = j + 1;
        for (int w = out - 1; j >= 0; w--, j--) {
            double next = keys[byDistance[j]];
            // the old rows after this one in the merged order move up past it, as one block
            int stay = notAfter(next, i + 1);
            int run = i + 1 - stay;
            i = stay - 1;
            if (run > 0) {
                w -= run;
                System.arraycopy(bestD, i + 1, bestD, w + 1, run);
                System.arraycopy(bestP, (i + 1) * nParams, bestP, (w + 1) * nParams, run * nParams);
            }
            int r = cand[byDistance[j]];
            bestD[w] = next;
            for (int q = 0; q < nParams; q++) {
                bestP[w * nParams + q] = par.param(r, q);
            }
        }
        filled = out;
        // the candidates that entered are the first of byDistance; listed in candidate order, they are in row order
        boolean[] in = new boolean[k];
        for (int e = 0; e < entered; e++) {
            in[byDistance[e]] = true;
        }
        int[] rows = new int[entered];
        for (int c = 0, e = 0; e < entered; c++) {
            if (in[c]) {
                rows[e++] = cand[c];
            }
        }
        return rows;
    }

    /**
     * How many of the nearest rows {@code [0, end)} stay before a new row at {@code next}: those not greater. The
     * search gallops down from {@code end} before it halves: the candidates come largest first, so each one's place
     * is just below the previous one's, a few rows away when candidates are many (a run's first batches); a plain
     * binary search over all of them cost a mispredicted branch per halving, most of a batch's merge then.
     */
    private int notAfter(double next, int end) {
        int lo = 0;
        int hi = end; // the rows from hi on are greater than next
        for (int step = 1; hi > lo; step <<= 1) {
            int probe = hi - step;
            if (probe < lo) {
                break;
            }
            if (Double.compare(bestD[probe], next) > 0) {
                hi = probe;
            } else {
                lo = probe + 1; // the rows below lo are not greater
                break;
            }
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Double.compare(bestD[mid], next) > 0) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
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

    /**
     * The largest distance a batch requested now must send back ({@link io.simrt.api.BatchRequest#cut}): the
     * threshold, whose accepted rows are all counted, or else the nSamples-th smallest distance so far, which only
     * falls as batches merge (a row beyond it cannot enter later either: ties go to the earlier row). +infinity
     * (every row) until the samples are full without a threshold.
     */
    double cut() {
        return Double.isNaN(threshold) ? currentThreshold() : threshold;
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
