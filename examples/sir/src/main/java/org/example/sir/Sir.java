package org.example.sir;

import io.simrt.models.RandomStream;
import io.simrt.models.abc.AbcBuilder;
import io.simrt.models.abc.AbcDefinition;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.Distances;
import io.simrt.models.abc.ObservedData;
import io.simrt.models.abc.OnSimulationError;
import io.simrt.models.abc.Priors;
import io.simrt.models.abc.Simulator;

/**
 * A stochastic SIR epidemic as an ABC model: infection rate {@code beta} and recovery rate {@code gamma} (per day)
 * of a population of {@value #N} with {@value #I0} infected at day 0, simulated exactly ({@link Gillespie}) and
 * observed as the number infected every {@value #EVERY} days up to day {@value #LAST_DAY}. Summaries:
 * {@link EpidemicSummaries}; distance: weighted Euclidean with scales from a pilot run of 1,000 prior simulations
 * ({@link Distances#adaptive(int)}). The observed data, {@code observed.csv} beside this class, was simulated from
 * {@code beta = 0.6, gamma = 0.2} by {@link SimulateObserved}.
 *
 * <p>A public class with a public no-argument constructor: engines rebuild the model from this class's name, with
 * the observed data and distance scales the coordinator resolved. Declared in
 * {@code META-INF/services/io.simrt.models.abc.AbcDefinition}, so {@code simrt models} lists it as {@code sir}.
 */
public final class Sir implements AbcDefinition {
    /** Population. */
    public static final int N = 1000;
    /** Infected at day 0. */
    public static final int I0 = 10;
    /** Days between observations. */
    public static final int EVERY = 2;
    /** The last observation day. */
    public static final int LAST_DAY = 50;

    static final Gillespie EPIDEMIC = new Gillespie(N, I0, days());

    /** The observed data: a class-path resource in this jar, so every side finds it. */
    static final String OBSERVED = "observed.csv";

    @Override
    public String description() {
        return "SIR epidemic (Gillespie), N = 1000: infection rate beta, recovery rate gamma";
    }

    @Override
    public AbcBuilder define() {
        return AbcModels.builder("sir")
                .parameter("beta", Priors.uniform(0.1, 1.5))
                .parameter("gamma", Priors.uniform(0.05, 0.5))
                .simulatorBatch(EPIDEMIC.observations(), Sir::simulateBatch)
                .summary("peak", EpidemicSummaries::peak)
                .summary("peakDay", data -> EpidemicSummaries.peakTime(data, EPIDEMIC))
                .summary("area", data -> EpidemicSummaries.area(data, EVERY))
                .summary("early", EpidemicSummaries::early)
                .distance(Distances.adaptive(1000))
                .observed(ObservedData.of(ObservedCsv.read(Sir.class, OBSERVED)))
                .onSimulationError(OnSimulationError.FAIL);
    }

    /**
     * The simulator's function form, one parameter row {@code (beta, gamma)} at a time: simple, allocates its result.
     * It draws exactly what {@link #simulateBatch} draws for that row.
     */
    static final Simulator FUNCTION_FORM = (theta, rng) -> {
        double[] out = new double[EPIDEMIC.observations()];
        EPIDEMIC.infected(theta[0], theta[1], rng, out, 0);
        return out;
    };

    /**
     * The batch form ({@link Simulator.Batch}): every row of the row-major {@code batchSize x 2} {@code params} into
     * the row-major {@code batchSize x observations} buffer the model owns and reuses, rows in order on one stream.
     */
    static void simulateBatch(double[] params, int batchSize, RandomStream rng, double[] dataOut) {
        int len = EPIDEMIC.observations();
        for (int row = 0; row < batchSize; row++) {
            EPIDEMIC.infected(params[2 * row], params[2 * row + 1], rng, dataOut, row * len);
        }
    }

    private static double[] days() {
        double[] t = new double[LAST_DAY / EVERY];
        for (int k = 0; k < t.length; k++) {
            t[k] = (k + 1) * EVERY;
        }
        return t;
    }
}
