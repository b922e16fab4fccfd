package io.simrt.runtime.protocol.bulk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where a fetched array's bytes go, in the order they arrive: into a {@code byte[]} as they are, or into a
 * {@code double[]} as packed little-endian values (one copy, no intermediate byte array).
 */
public sealed interface Sink {

    /** How many bytes this sink takes in all. */
    int length();

    /** Takes all of {@code bytes} (in read mode; their order is changed to little-endian). */
    void put(ByteBuffer bytes);

    static Sink of(byte[] target) {
        return new Bytes(target);
    }

    static Sink of(double[] target) {
        return new Doubles(target);
    }

    /** Fills a byte array from its start. */
    final class Bytes implements Sink {
        private final byte[] target;
        private int filled;

        Bytes(byte[] target) {
            this.target = target;
        }

        @Override
        public int length() {
            return target.length;
        }

        @Override
        public void put(ByteBuffer bytes) {
            int n = bytes.remaining();
            bytes.get(target, filled, n);
            filled += n;
        }
    }

    /** Fills a double array from its start with little-endian values; a value split across two chunks waits. */
    final class Doubles implements Sink {
        private final double[] target;
        private final ByteBuffer carry = ByteBuffer.allocate(Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private int filled;

        Doubles(double[] target) {
            this.target = target;
        }

        @Override
        public int length() {
            return target.length * Double.BYTES;
        }

        @Override
        public void put(ByteBuffer bytes) {
            bytes.order(ByteOrder.LITTLE_ENDIAN);
            if (carry.position() > 0) {
                while (carry.hasRemaining() && bytes.hasRemaining()) {
                    carry.put(bytes.get());
                }
                if (carry.hasRemaining()) {
                    return;
                }
                target[filled++] = carry.flip().getDouble();
                carry.clear();
            }
            int whole = bytes.remaining() / Double.BYTES;
            bytes.asDoubleBuffer().get(target, filled, whole);
            filled += whole;
            bytes.position(bytes.position() + whole * Double.BYTES);
            carry.put(bytes);
        }
    }
}
