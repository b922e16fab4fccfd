package io.simrt.inference.abc;

import java.util.Optional;

/**
 * Where an ABC run records the batches it merges and finds those recorded before: the seam between the algorithms
 * and a run store. A batch found here is merged from its record instead of being simulated; since batch {@code i}
 * of a run is a function of the model, seed, stream family, batch size and {@code i} alone, the run ends with the
 * same bits either way. Rejection ABC and ABC-SMC call it from their one inference thread, in batch order.
 */
public interface BatchJournal {
    /** Records nothing, finds nothing. */
    BatchJournal NONE = new BatchJournal() {
        @Override
        public Optional<BatchRecord> stored(long index) {
            return Optional.empty();
        }

        @Override
        public void ran(BatchRecord record) {}
    };

    /** The record of batch {@code index}, if one was kept before, to merge instead of simulating the batch. */
    Optional<BatchRecord> stored(long index);

    /** Whether to keep every simulation of a batch rather than its candidates only. */
    default boolean keepsSimulations() {
        return false;
    }

    /** A batch was simulated and merged. Must not block: hand the record to a writer. */
    void ran(BatchRecord record);

    /** A batch was merged from its record ({@link #stored}). */
    default void reused(BatchRecord record) {}

    /** ABC-SMC finished population {@code round} (0-based). Must not block. */
    default void population(int round, Population population) {}

    /** A journal that passes every call on to the one it wraps; extend it and override what to add. */
    class Forwarding implements BatchJournal {
        private final BatchJournal inner;

        public Forwarding(BatchJournal inner) {
            this.inner = inner;
        }

        @Override
        public Optional<BatchRecord> stored(long index) {
            return inner.stored(index);
        }

        @Override
        public boolean keepsSimulations() {
            return inner.keepsSimulations();
        }

        @Override
        public void ran(BatchRecord record) {
            inner.ran(record);
        }

        @Override
        public void reused(BatchRecord record) {
            inner.reused(record);
        }

        @Override
        public void population(int round, Population population) {
            inner.population(round, population);
        }
    }
}
