package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.results.Sample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.List;

/**
 * A batch record's rows as one little-endian blob: int32 {@code rows[kept]} (left out when the record is complete:
 * they are then 0, 1, ..., size - 1), float64 {@code params[kept * nParams]} (row-major), float64
 * {@code distances[kept]}, float64 {@code summaries[kept * nSummaries]} (row-major; none without summaries). Readable
 * from Python with numpy.frombuffer (docs/run-store.md).
 *
 * <p>An instance encodes on one thread (a store's) into a buffer it keeps for the next record of the same length: a
 * run keeping every simulation writes records of one length, 400 kB for a batch of 10,000 MA2 simulations, and
 * allocating (and zeroing) each, with a copy of each of its arrays, cost more than the encoding.
 */
final class RecordCodec {
    private byte[] scratch = new byte[0];

    /**
     * {@code r}'s blob, in a buffer this codec reuses for the next record of the same length: execute the statement
     * it is bound to before encoding another record.
     */
    byte[] encode(BatchRecord r) {
        int kept = r.kept();
        int rowBytes = r.complete() ? 0 : 4 * kept;
        int length = length(r);
        if (scratch.length != length) {
            scratch = new byte[length];
        }
        ByteBuffer b = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
        if (rowBytes > 0) {
            b.asIntBuffer().put(r.rowsView());
            b.position(rowBytes);
        }
        b.asDoubleBuffer().put(r.paramsView()).put(r.distancesView()).put(r.summariesView());
        return scratch;
    }

    /** The length of {@code r}'s blob. */
    static int length(BatchRecord r) {
        return (r.complete() ? 0 : 4 * r.kept()) + 8 * r.kept() * (r.nParams() + 1 + r.nSummaries());
    }

    /**
     * @throws StoreException if the blob's length does not fit the counts stored beside it
     */
    static BatchRecord decode(
            long index,
            int size,
            long skipped,
            long accepted,
            boolean complete,
            int kept,
            int nParams,
            int nSummaries,
            byte[] data,
            String runId) {
        long expected = (complete ? 0 : 4L * kept) + 8L * kept * nParams + 8L * kept + 8L * kept * nSummaries;
        if (data == null || data.length != expected) {
            throw new StoreException("run " + runId + ", batch " + index + ": its record holds "
                    + (data == null ? 0 : data.length) + " bytes, " + expected + " expected for " + kept + " rows of "
                    + nParams + " parameters and " + nSummaries + " summaries; the store is damaged");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] rows = new int[kept];
        if (complete) {
            for (int i = 0; i < kept; i++) {
                rows[i] = i;
            }
        } else {
            b.asIntBuffer().get(rows);
            b.position(4 * kept);
        }
        double[] params = new double[kept * nParams];
        double[] distances = new double[kept];
        double[] summaries = new double[kept * nSummaries];
        b.asDoubleBuffer().get(params).get(distances).get(summaries);
        return new BatchRecord(
                index, size, skipped, accepted, complete, rows, nParams, params, distances, nSummaries, summaries);
    }

    /**
     * A population's samples as one little-endian blob: float64 {@code values[n * d]} (row-major, in the run's
     * parameter order), float64 {@code distances[n]} (NaN where there is none), float64 {@code weights[n]} (1 without
     * weights). Readable from Python with numpy.frombuffer (docs/run-store.md).
     */
    static byte[] encodeSamples(Sample sample, double[] distances) {
        int n = sample.size();
        double[] x = sample.toArray();
        double[] w = sample.weights().orElse(null);
        byte[] out = new byte[8 * (x.length + 2 * n)];
        DoubleBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        b.put(x);
        for (int i = 0; i < n; i++) {
            b.put(i < distances.length ? distances[i] : Double.NaN);
        }
        if (w == null) {
            for (int i = 0; i < n; i++) {
                b.put(1.0);
            }
        } else {
            b.put(w, 0, n);
        }
        return out;
    }

    /**
     * Decodes {@link #encodeSamples}'s blob of {@code n} samples of {@code names}: the weighted sample and its
     * distances.
     *
     * @throws StoreException if the blob's length does not fit {@code n} and the parameters
     */
    static StoredPopulation decodeSamples(StoredPopulation p, List<String> names, int n, byte[] data, String runId) {
        int d = names.size();
        long expected = 8L * n * (d + 2);
        if (data.length != expected) {
            throw new StoreException("run " + runId + ", population " + p.index() + ": its samples hold "
                    + data.length + " bytes, " + expected + " expected for " + n + " samples of " + d
                    + " parameters; the store is damaged");
        }
        DoubleBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        double[] params = new double[n * d];
        double[] distances = new double[n];
        double[] weights = new double[n];
        b.get(params).get(distances).get(weights);
        return new StoredPopulation(
                p.index(),
                p.roundThreshold(),
                p.threshold(),
                p.simulations(),
                p.batches(),
                Sample.weighted(names, n, params, weights),
                distances);
    }
}
