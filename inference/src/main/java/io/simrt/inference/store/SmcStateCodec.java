package io.simrt.inference.store;

import io.simrt.inference.smc.SmcCheckpoint;
import io.simrt.inference.smc.SmcState;
import io.simrt.models.ModelParams;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An SMC checkpoint as one little-endian blob (the {@code state} column of {@code simrt_smc_updates}): int32 format
 * (1), int32 {@code n}, int32 {@code d}, float64 {@code locations[n * d]} (row-major), float64 {@code weights[n]},
 * int32 resamples, float64 min ESS, int8 just resampled, int32 {@code n_data}, int32 {@code data[n_data]}, int32
 * {@code n_norm}, float64 {@code norm[n_norm]}, then the filter's stream state and the data stream's, each as int32
 * length and bytes (docs/run-store.md).
 */
final class SmcStateCodec {
    static final int FORMAT = 1;

    private SmcStateCodec() {}

    static byte[] encode(SmcCheckpoint c) {
        SmcState s = c.updater();
        int n = s.locations().nModels();
        int d = s.locations().nParams();
        long size = 12L
                + 8L * n * d
                + 8L * n
                + 4
                + 8
                + 1
                + 4
                + 4L * s.dataRecord().length
                + 4
                + 8L * s.normalizationRecord().length
                + 4
                + s.rng().length
                + 4
                + c.data().length;
        if (size > Integer.MAX_VALUE) {
            throw new StoreException("an SMC checkpoint of " + n + " particles of " + d + " parameters is too large"
                    + " to store (" + size + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(FORMAT).putInt(n).putInt(d);
        for (double v : s.locations().toArray()) {
            b.putDouble(v);
        }
        for (double v : s.weights()) {
            b.putDouble(v);
        }
        b.putInt(s.resampleCount()).putDouble(s.minEss()).put((byte) (s.justResampled() ? 1 : 0));
        b.putInt(s.dataRecord().length);
        for (int v : s.dataRecord()) {
            b.putInt(v);
        }
        b.putInt(s.normalizationRecord().length);
        for (double v : s.normalizationRecord()) {
            b.putDouble(v);
        }
        b.putInt(s.rng().length).put(s.rng());
        b.putInt(c.data().length).put(c.data());
        return b.array();
    }

    /** @throws StoreException if the blob is not a checkpoint of this format */
    static SmcCheckpoint decode(int experiments, byte[] blob, String runId) {
        try {
            ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
            int format = b.getInt();
            if (format != FORMAT) {
                throw damaged(runId, experiments, "format " + format + ", not " + FORMAT);
            }
            int n = b.getInt();
            int d = b.getInt();
            if (n < 1 || d < 0 || 8L * n * (d + 1) > b.remaining()) {
                throw damaged(
                        runId, experiments, n + " particles of " + d + " parameters in " + blob.length + " bytes");
            }
            double[] locations = doubles(b, n * d);
            double[] weights = doubles(b, n);
            int resamples = b.getInt();
            double minEss = b.getDouble();
            boolean justResampled = b.get() == 1;
            int[] data = new int[count(b, 4, runId, experiments)];
            for (int i = 0; i < data.length; i++) {
                data[i] = b.getInt();
            }
            double[] norm = doubles(b, count(b, 8, runId, experiments));
            byte[] rng = new byte[count(b, 1, runId, experiments)];
            b.get(rng);
            byte[] dataStream = new byte[count(b, 1, runId, experiments)];
            b.get(dataStream);
            if (b.hasRemaining()) {
                throw damaged(runId, experiments, b.remaining() + " bytes left over");
            }
            SmcState state = new SmcState(
                    ModelParams.adopt(n, d, locations), weights, resamples, minEss, justResampled, data, norm, rng);
            return new SmcCheckpoint(experiments, state, dataStream);
        } catch (BufferUnderflowException e) {
            throw damaged(runId, experiments, "it ends early (" + blob.length + " bytes)");
        }
    }

    private static double[] doubles(ByteBuffer b, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = b.getDouble();
        }
        return out;
    }

    private static int count(ByteBuffer b, int bytesEach, String runId, int experiments) {
        int count = b.getInt();
        if (count < 0 || (long) count * bytesEach > b.remaining()) {
            throw damaged(runId, experiments, "a count of " + count + " with " + b.remaining() + " bytes left");
        }
        return count;
    }

    private static StoreException damaged(String runId, int experiments, String why) {
        return new StoreException("run " + runId + ", the SMC checkpoint after " + experiments + " experiments: " + why
                + "; the store is damaged");
    }
}
