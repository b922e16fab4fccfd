package io.simrt.inference.smc;

import java.util.Optional;

/**
 * Where an SMC run ({@link SmcExperiments}) records its updates and checkpoints, and finds the checkpoint to go on
 * from when it is resumed. The run store's runs are journals (docs/run-store.md); {@link #NONE} records nothing.
 */
public interface SmcJournal {

    /** Records nothing and resumes nothing. */
    SmcJournal NONE = new SmcJournal() {
        @Override
        public boolean records() {
            return false;
        }

        @Override
        public Optional<SmcCheckpoint> resumeFrom() {
            return Optional.empty();
        }

        @Override
        public void updated(SmcStep step) {
            // nothing kept
        }
    };

    /** Whether it keeps anything: if not, the run does not compute what {@link #updated} would be given. */
    default boolean records() {
        return true;
    }

    /**
     * Whether it keeps checkpoints: if not, the steps it is given carry none (building one copies the run's state).
     * By default, whether it {@link #records() records} at all.
     */
    default boolean checkpoints() {
        return records();
    }

    /**
     * Whether the step after update {@code experiments} should carry the particle cloud ({@link SmcStep#cloud}):
     * building it copies the weights, so by default it does not.
     */
    default boolean wantsCloud(int experiments) {
        return false;
    }

    /** The checkpoint a resumed run goes on from: the last one it stored. Empty for a new run. */
    Optional<SmcCheckpoint> resumeFrom();

    /** Records one update, called on the inference thread right after it; must not wait for storage. */
    void updated(SmcStep step);
}
