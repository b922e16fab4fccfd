package io.simrt.cli;

import io.simrt.inference.smc.SmcCheckpoint;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.smc.SmcStep;
import io.simrt.runtime.observe.RunBoard;
import java.util.Optional;

/**
 * An SMC run's journal that also shows each update's effective sample size on the dashboard's {@link RunBoard}.
 * It always records (the run then computes the steps it is given); the wrapped journal gets them only if it does,
 * and checkpoints, which copy the run's state, are built only if the wrapped journal keeps them.
 */
final class BoardSmcJournal implements SmcJournal {
    private final SmcJournal inner;
    private final RunBoard board;

    BoardSmcJournal(SmcJournal inner, RunBoard board) {
        this.inner = inner;
        this.board = board;
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
    }
}
