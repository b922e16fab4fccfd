package io.simrt.inference.smc;

import io.simrt.models.ModelParams;
import io.simrt.models.RandomStream;

/**
 * A distribution over model parameter vectors that particles are first drawn from (QInfer's
 * {@code Distribution}, as {@code SMCUpdater} uses it). Implementations are immutable; randomness comes only from
 * the stream passed in.
 */
public interface Prior {

    /** Number of parameters of one draw, the columns of {@link #sample}. */
    int nParams();

    /**
     * {@code n} independent draws as an {@code n x nParams()} matrix, row-major; for a given stream state the
     * result is always the same.
     *
     * @throws io.simrt.models.ParameterException if {@code n < 0}
     */
    ModelParams sample(int n, RandomStream rng);
}
