package io.simrt.inference.smc;

import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * An SMC run on simulated data: for each experiment, the heuristic picks it, its outcome is simulated at the true
 * parameters from the data stream, and the updater learns from it. Each update is given to a {@link SmcJournal},
 * with a checkpoint every {@code checkpointEvery} updates and after the last; a journal holding a checkpoint makes
 * the run restore it and go on from the experiment after it, ending exactly as the run never interrupted.
 *
 * <p>That holds when the heuristic depends only on the updater's state (its data record, its particles and its
 * stream), as {@link ExpSparseHeuristic} and {@link PghHeuristic} do: the checkpoint holds the updater's state and
 * the data stream's, nothing else.
 *
 * @param updater   the particle filter
 * @param design    the experiment design, bound to {@code updater}
 * @param simulator the model outcomes are simulated with
 * @param truth     the true parameters, one row
 * @param data      the stream outcomes are simulated from
 */
public record SmcExperiments(
        SmcUpdater updater, Heuristic design, Model simulator, ModelParams truth, RandomStream data) {

    public SmcExperiments {
        Objects.requireNonNull(updater, "updater");
        Objects.requireNonNull(design, "design");
        Objects.requireNonNull(simulator, "simulator");
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(data, "data");
    }

    /**
     * Runs the experiments the journal has not seen yet, up to {@code experiments} in all.
     *
     * @param progress given the updates done after each one
     * @return the updates restored from the journal's checkpoint (0 for a new run)
     * @throws ParameterException if {@code experiments} or {@code checkpointEvery} is below 1, or the journal's
     *     checkpoint is past {@code experiments}
     */
    public int run(int experiments, int checkpointEvery, SmcJournal journal, IntConsumer progress) {
        Require.positive("experiments", experiments);
        Require.positive("checkpointEvery", checkpointEvery);
        int start = 0;
        Optional<SmcCheckpoint> from = journal.resumeFrom();
        if (from.isPresent()) {
            SmcCheckpoint c = from.get();
            if (c.experiments() > experiments) {
                throw ParameterException.because("the checkpoint is after " + c.experiments()
                        + " experiments; this run has only " + experiments);
            }
            updater.restore(c.updater());
            data.restore(c.data());
            start = c.experiments();
        }
        for (int k = start; k < experiments; k++) {
            ExpParams eps = design.next();
            int outcome =
                    (int) simulator.simulateExperiment(truth, eps, 1, data).get(0, 0, 0);
            updater.update(outcome, eps);
            int done = k + 1;
            if (journal.records()) {
                boolean due = journal.checkpoints() && (done % checkpointEvery == 0 || done == experiments);
                journal.updated(new SmcStep(
                        done,
                        eps,
                        outcome,
                        updater.estMean(),
                        updater.resampleCount(),
                        updater.nEss(),
                        journal.wantsCloud(done)
                                ? Optional.of(new SmcStep.Cloud(updater.particleLocations(), updater.particleWeights()))
                                : Optional.empty(),
                        due ? Optional.of(new SmcCheckpoint(done, updater.state(), data.state())) : Optional.empty()));
            }
            progress.accept(done);
        }
        return start;
    }
}
