package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A batch record's rows as one little-endian blob: int32 {@code rows[kept]}, float64 {@code params[kept * nParams]}
 * (row-major), float64 {@code distances[kept]}. Readable from Python with numpy.frombuffer (docs/run-store.md).
 */
final class RecordCodec {
    private RecordCodec() {}

    static byte[] encode(BatchRecord r) {
        int kept = r.kept();
        ByteBuffer b = ByteBuffer.allocate(4 * kept + 8 * kept * r.nParams() + 8 * kept)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int row : r.rows()) {
            b.putInt(row);
        }
        for (double p : r.params()) {
            b.putDouble(p);
        }
        for (double d : r.distances()) {
            b.putDouble(d);
        }
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
            byte[] data,
            String runId) {
        long expected = 4L * kept + 8L * kept * nParams + 8L * kept;
        if (data == null || data.length != expected) {
            throw new StoreException("run " + runId + ", batch " + index + ": its record holds "
                    + (data == null ? 0 : data.length) + " bytes, " + expected + " expected for " + kept + " rows of "
                    + nParams + " parameters; the store is damaged");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] rows = new int[kept];
        for (int i = 0; i < kept; i++) {
            rows[i] = b.getInt();
        }
        double[] params = new double[kept * nParams];
        for (int i = 0; i < params.length; i++) {
            params[i] = b.getDouble();
        }
        double[] distances = new double[kept];
        for (int i = 0; i < kept; i++) {
            distances[i] = b.getDouble();
        }
        return new BatchRecord(index, size, skipped, accepted, complete, rows, nParams, params, distances);
    }
}
