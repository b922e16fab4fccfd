package io.simrt.runtime.protocol;

import io.simrt.runtime.protocol.bulk.BulkReference;
import io.simrt.runtime.protocol.bulk.Lane;
import io.simrt.runtime.protocol.bulk.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The arrays of the message being deserialized on this thread that wait in other nodes' lanes. While one is open
 * ({@link BulkCborSerializer} opens one around each message), the lane's readers only note where each array is
 * and where its bytes go, and return the (still empty) array; {@link #fetchAll} then starts the fetches, which fill
 * those arrays on the lane's own thread. Without one (an ObjectMapper used directly), readers fetch at once.
 */
final class PendingArrays implements AutoCloseable {
    private static final ThreadLocal<PendingArrays> CURRENT = new ThreadLocal<>();

    private record Entry(Lane lane, BulkReference ref, Sink sink) {}

    private final PendingArrays outer;
    private final List<Entry> entries = new ArrayList<>(2);

    private PendingArrays(PendingArrays outer) {
        this.outer = outer;
    }

    /** Starts collecting on this thread until {@link #close()}. */
    static PendingArrays open() {
        PendingArrays p = new PendingArrays(CURRENT.get());
        CURRENT.set(p);
        return p;
    }

    /** What this thread collects into now, if anything. */
    static Optional<PendingArrays> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    void add(Lane lane, BulkReference ref, Sink sink) {
        entries.add(new Entry(lane, ref, sink));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Starts every fetch (without blocking); completes when all arrays are full, or with the first failure. */
    CompletableFuture<Void> fetchAll() {
        if (entries.size() == 1) {
            Entry e = entries.get(0);
            return e.lane().fetch(e.ref(), e.sink());
        }
        CompletableFuture<?>[] all = new CompletableFuture<?>[entries.size()];
        for (int i = 0; i < all.length; i++) {
            Entry e = entries.get(i);
            all[i] = e.lane().fetch(e.ref(), e.sink());
        }
        return CompletableFuture.allOf(all);
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
