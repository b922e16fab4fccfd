package io.simrt.models;

import java.util.OptionalLong;

/**
 * The index of the batch the calling thread is running, for diagnostics only: the runtime sets it around each ABC
 * batch (on the native client and on every engine), so that a simulator's messages, an external worker's stderr for
 * example, can say which batch they belong to. Results must never depend on it: a batch's randomness comes from its
 * stream alone.
 */
public final class CurrentBatch {
    private static final ThreadLocal<long[]> INDEX = new ThreadLocal<>();

    private CurrentBatch() {}

    /** Runs {@code work} with {@code index} as this thread's current batch, restoring the previous one after. */
    public static void during(long index, Runnable work) {
        long[] before = INDEX.get();
        INDEX.set(new long[] {index});
        try {
            work.run();
        } finally {
            if (before == null) {
                INDEX.remove();
            } else {
                INDEX.set(before);
            }
        }
    }

    /** The batch this thread is running, if the runtime said. */
    public static OptionalLong index() {
        long[] i = INDEX.get();
        return i == null ? OptionalLong.empty() : OptionalLong.of(i[0]);
    }
}
