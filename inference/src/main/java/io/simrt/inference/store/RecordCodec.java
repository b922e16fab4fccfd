package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A batch record's rows as one little-endian blob: int32 {@code rows[kept]} (left out when the record is complete:
 * they are then 0, 1, ..., size - 1), float64 {@code params[kept * nParams]} (row-major), float64
 * {@code distances[kept]}, float64 {@code summaries[kept * nSummaries]} (row-major; none without summaries). Readable
 * from Python with numpy.frombuffer (docs/run-store.md).
 */
final class RecordCodec {
    private RecordCodec() {}

    static byte[] encode(BatchRecord r) {
        int kept = r.kept();
        int rowBytes = r.complete() ? 0 : 4 * kept;
        ByteBuffer b = ByteBuffer.allocate(rowBytes + 8 * kept * r.nParams() + 8 * kept + 8 * kept * r.nSummaries())
                .order(ByteOrder.LITTLE_ENDIAN);
        if (!r.complete()) {
            b.asIntBuffer().put(r.rows());
            b.position(rowBytes);
        }
        b.asDoubleBuffer().put(r.params()).put(r.distances()).put(r.summaries());
        return b.array();
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
}
