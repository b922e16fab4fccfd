package io.simrt.inference.smc;

import io.simrt.api.SimrtException;

/**
 * The particle filter cannot go on: every weight became zero under {@link ZeroWeightPolicy#ERROR}, the
 * covariance to resample from is not finite, or a heuristic found no two distinct particles.
 */
public final class SmcException extends SimrtException {
    private static final long serialVersionUID = 1L;

    public SmcException(String message) {
        super(message);
    }
}
