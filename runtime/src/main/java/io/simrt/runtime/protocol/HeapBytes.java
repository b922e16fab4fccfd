package io.simrt.runtime.protocol;

/**
 * Byte counts for {@link Work#heapBytes}: non-negative, saturating at {@link Long#MAX_VALUE} instead of overflowing
 * (a bound past the largest heap is as good as any).
 */
final class HeapBytes {
    static final long DOUBLE = Double.BYTES;

    private HeapBytes() {}

    /** {@code n} doubles. */
    static long doubles(long n) {
        return times(n, DOUBLE);
    }

    /** {@code a x b} for {@code a, b >= 0}. */
    static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high == 0 && low >= 0 ? low : Long.MAX_VALUE;
    }

    /** {@code a + b} for {@code a, b >= 0}. */
    static long sum(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
