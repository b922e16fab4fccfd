package io.simrt.cli;

import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.ma2.Ma2Abc;
import java.util.List;

/** The likelihood-free models simrt ships, known to the command line by name. */
final class BuiltInAbcModels {
    static final List<String> NAMES = List.of("ma2");

    /** What {@code simrt models} says of ma2. */
    static final String MA2_DESCRIPTION =
            "ELFI's MA2 example: an MA(2) series of 100, observed data simulated from (0.6, 0.2)";

    /** ELFI's MA2 example: true parameters, series length. */
    static final double MA2_T1 = 0.6;

    static final double MA2_T2 = 0.2;
    static final int MA2_N_OBS = 100;

    private BuiltInAbcModels() {}

    static boolean has(String name) {
        return NAMES.contains(name);
    }

    /**
     * Builds the model named {@code name} with observed data simulated from its true parameters and
     * {@code observedSeed} (ELFI's {@code get_model(seed_obs=...)}).
     */
    static AbcModel build(String name, RngFamily rng, long observedSeed) {
        if ("ma2".equals(name)) {
            return Ma2Abc.observedFrom(rng, observedSeed, MA2_T1, MA2_T2, MA2_N_OBS);
        }
        throw new IllegalArgumentException("not a built-in ABC model: " + name);
    }
}
