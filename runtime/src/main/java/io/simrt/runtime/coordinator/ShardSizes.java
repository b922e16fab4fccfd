package io.simrt.runtime.coordinator;

import io.simrt.runtime.protocol.Work;
import java.util.Locale;

/** How errors about a shard's size name it: rows, and the heap it needs by {@link Work#heapBytes}. */
final class ShardSizes {
    private ShardSizes() {}

    /** "4,000,000 rows, at least 91.6 MiB of heap by estimate". */
    static String describe(Work work, long heapBytes) {
        long rows = work.rows();
        return String.format(
                Locale.ROOT,
                "%,d row%s, at least %s of heap by estimate",
                rows,
                rows == 1 ? "" : "s",
                bytes(heapBytes));
    }

    /** A byte count for people: bytes, KiB, MiB or GiB. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        if (n < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
        }
        if (n < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
    }
}
