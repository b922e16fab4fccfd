package io.simrt.inference.smc;

import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import java.util.Optional;

/**
 * One update of an SMC run as its {@link SmcJournal} sees it.
 *
 * @param experiments the updates done with this one, from 1
 * @param experiment  the experiment of this update (one row)
 * @param outcome     its simulated outcome
 * @param means       the posterior means after it
 * @param resamples   the resamplings so far
 * @param nEss        the effective sample size after it
 * @param cloud       the particles after it, when the journal {@link SmcJournal#wantsCloud wants them}
 * @param checkpoint  the run's checkpoint after it, when one is due
 */
public record SmcStep(
        int experiments,
        ExpParams experiment,
        int outcome,
        double[] means,
        int resamples,
        double nEss,
        Optional<Cloud> cloud,
        Optional<SmcCheckpoint> checkpoint) {

    /**
     * The particle cloud after an update.
     *
     * @param locations {@code nParticles x d} (immutable)
     * @param weights   their weights (a copy)
     */
    public record Cloud(ModelParams locations, double[] weights) {}
}
