package io.simrt.cli;

import io.simrt.inference.smc.SmcCheckpoint;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.smc.SmcStep;
import io.simrt.runtime.observe.RunBoard;
import java.util.Optional;

/**
 * An SMC run's journal that also shows each update's effective sample size on the dashboard's {@link RunBoard}, and
 * the particle cloud: after the first and the last update, and in between at most every {@value #CLOUD_MILLIS} ms
 * (updates can come thousands a second).
 * It always records (the run then computes the steps it is given); the wrapped journal gets them only if it does,
 * and checkpoints, which copy the run's state, are built only if the wrapped journal keeps them.
 */
final class BoardSmcJournal implements SmcJournal {
    /** How often, at most, the pair plot's particles are replaced. */
    static final long CLOUD_MILLIS = 250;

    private final SmcJournal inner;
    private final RunBoard board;
    private final int experiments;
    private long cloudShown;

    BoardSmcJournal(SmcJournal inner, RunBoard board, int experiments) {
        this.inner = inner;
        this.board = board;
        this.experiments = experiments;
    }

    @Override
    public boolean checkpoints() {
        return inner.records() && inner.checkpoints();
    }

    @Override
    public Optional<SmcCheckpoint> resumeFrom() {
        return inner.resumeFrom();
    }

    @Override
    public void updated(SmcStep step) {
        if (inner.records()) {
            inner.updated(step);
        }
        board.smcStep(step.experiments(), step.nEss());
        step.cloud().ifPresent(c -> {
            cloudShown = System.nanoTime();
            board.particles(c.locations().toArray(), c.weights());
        });
    }

    @Override
    public boolean wantsCloud(int done) {
        return cloudShown == 0 || System.nanoTime() - cloudShown >= CLOUD_MILLIS * 1_000_000L || done == experiments;
    }
}
