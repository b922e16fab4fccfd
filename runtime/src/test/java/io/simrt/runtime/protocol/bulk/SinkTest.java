package io.simrt.runtime.protocol.bulk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sinks take bytes in chunks of any size, also chunks that split a double, and keep every bit. */
class SinkTest {

    @Test
    void doublesArriveBitForBitWhateverTheChunks() {
        SplittableRandom r = new SplittableRandom(7);
        double[] values = new double[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(r.nextLong()); // any bit pattern: NaNs, infinities, -0.0
        }
        values[3] = -0.0;
        ByteBuffer packed = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        packed.asDoubleBuffer().put(values);
        for (int chunk : new int[] {1, 3, 7, 8, 13, 4096}) {
            double[] got = new double[values.length];
            Sink sink = Sink.of(got);
            for (int off = 0; off < packed.capacity(); off += chunk) {
                ByteBuffer part = ByteBuffer.allocateDirect(Math.min(chunk, packed.capacity() - off));
                part.put(packed.duplicate().position(off).limit(off + part.capacity()))
                        .flip();
                sink.put(part);
            }
            for (int i = 0; i < values.length; i++) {
                assertArrayEquals(
                        new long[] {Double.doubleToRawLongBits(values[i])},
                        new long[] {Double.doubleToRawLongBits(got[i])},
                        "value " + i + " in chunks of " + chunk);
            }
        }
    }

    @Test
    void bytesArriveWhole() {
        byte[] bytes = new byte[10_001];
        new SplittableRandom(8).nextBytes(bytes);
        byte[] got = new byte[bytes.length];
        Sink sink = Sink.of(got);
        for (int off = 0; off < bytes.length; off += 999) {
            sink.put(ByteBuffer.wrap(bytes, off, Math.min(999, bytes.length - off)));
        }
        assertArrayEquals(bytes, got);
    }
}
