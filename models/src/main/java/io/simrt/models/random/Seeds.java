package io.simrt.models.random;

import io.simrt.models.RngFamily;
import java.security.SecureRandom;

/** Where a run's master seed comes from when the user gives none. */
public final class Seeds {
    private static final SecureRandom ENTROPY = new SecureRandom();

    private Seeds() {}

    /**
     * A fresh seed in {@code [0, 2^32)}, valid for every {@link RngFamily} (ELFI's {@code random_seed()} also
     * yields a 32-bit value). Runs report their seed so that they can be repeated exactly.
     */
    public static long fresh() {
        return ENTROPY.nextInt() & 0xFFFFFFFFL;
    }
}
