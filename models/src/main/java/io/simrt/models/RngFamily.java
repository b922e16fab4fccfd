package io.simrt.models;

import java.util.Arrays;
import java.util.Locale;

/** The two families of random streams simrt can run with. */
public enum RngFamily {
    /** The default: a modern fast generator and a fast Gaussian sampler from Commons RNG. */
    FAST,
    /**
     * Bit-for-bit numpy legacy streams as ELFI uses them: MT19937 seeded like {@code RandomState(int)}, numpy's
     * {@code random_sample}/{@code randn} formulas and ELFI's per-batch sub-seeds. For reproducing ELFI runs.
     */
    ELFI;

    /** {@code "fast"} or {@code "elfi"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code "fast"} or {@code "elfi"} (any case). */
    public static RngFamily parse(String id) {
        for (RngFamily f : values()) {
            if (f.id().equalsIgnoreCase(id.trim())) {
                return f;
            }
        }
        throw ParameterException.of(
                "rng",
                id,
                "must be one of "
                        + Arrays.toString(
                                Arrays.stream(values()).map(RngFamily::id).toArray()));
    }
}
