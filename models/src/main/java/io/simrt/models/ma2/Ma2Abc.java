package io.simrt.models.ma2;

import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.NumpyMath;
import io.simrt.models.random.RandomStreams;
import java.util.List;

/**
 * ELFI's MA2 example as a likelihood-free model (docs/python-semantics.md §7): parameters {@code (t1, t2)} with the
 * {@link TrianglePrior}, the {@link Ma2Model} simulator, summaries {@code S1 = autocov(x, 1)},
 * {@code S2 = autocov(x, 2)} and the {@link EuclideanDistance} to the observed summaries, which this model holds.
 *
 * <p>Per batch, one stream is consumed in ELFI's node order: {@code batchSize} uniforms for t1, then
 * {@code batchSize} uniforms for t2 ({@link #samplePrior}), then {@code batchSize (nObs + 2)} normals for the
 * series ({@link #simulateDistances}). With {@code RandomStreams.of(ELFI, seed).block(i)} this reproduces
 * ELFI's batch {@code i} of the same seed and batch size.
 *
 * <p>Immutable and thread-safe.
 */
public final class Ma2Abc implements AbcModel {
    /** The model's {@link #name()}. */
    public static final String NAME = "ma2";

    private static final List<String> PARAMETER_NAMES = List.of("t1", "t2");

    private final Ma2Model simulator;
    private final TrianglePrior prior;
    private final EuclideanDistance distance;

    private Ma2Abc(Ma2Model simulator, TrianglePrior prior, EuclideanDistance distance) {
        this.simulator = simulator;
        this.prior = prior;
        this.distance = distance;
    }

    /** With ELFI's prior ({@link TrianglePrior#standard()}). */
    public static Ma2Abc of(int nObs, double s1Obs, double s2Obs) {
        return of(nObs, s1Obs, s2Obs, TrianglePrior.standard());
    }

    /** @throws ParameterException if {@code nObs < 3} or an observed summary is not finite */
    public static Ma2Abc of(int nObs, double s1Obs, double s2Obs, TrianglePrior prior) {
        if (prior == null) {
            throw ParameterException.of("prior", null, "must be given");
        }
        return new Ma2Abc(Ma2Model.of(nObs), prior, EuclideanDistance.of(s1Obs, s2Obs));
    }

    /**
     * The model whose observed data is one MA2 series of length {@code nObs} with parameters {@code (t1, t2)},
     * simulated from {@code RandomStreams.observed(family, seedObs)}: for {@code elfi} that is
     * {@code RandomState(seedObs)}, as ELFI's {@code get_model(n_obs, true_params, seed_obs)} does
     * ({@code seedObs = 4, (0.6, 0.2), nObs = 100} gives S1 = 0.6222141127726671, S2 = 0.16831748769474358).
     *
     * @throws ParameterException if {@code nObs < 3}, a parameter is not finite, or the seed breaks the family's rule
     */
    public static Ma2Abc observedFrom(RngFamily family, long seedObs, double t1, double t2, int nObs) {
        Ma2Model model = Ma2Model.of(nObs);
        RandomStream rng = RandomStreams.observed(family, seedObs);
        double[] y = new double[nObs];
        model.simulate(new double[] {t1, t2}, 1, rng, y);
        return ofObservedData(y);
    }

    /**
     * The model whose observed data is the series {@code y} ({@code nObs = y.length}); S1 and S2 are computed
     * from it. The array is read, not kept.
     *
     * @throws ParameterException if {@code y} has fewer than 3 values or a value is not finite
     */
    public static Ma2Abc ofObservedData(double[] y) {
        if (y.length < 3) {
            throw ParameterException.of("observed data length", y.length, "must be >= 3");
        }
        Require.allFinite("observed data", y);
        double[] s = new double[1];
        Ma2Model.autocov(y, 1, y.length, 1, s);
        double s1 = s[0];
        Ma2Model.autocov(y, 1, y.length, 2, s);
        return of(y.length, s1, s[0]);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code [t1, t2]}. */
    @Override
    public List<String> parameterNames() {
        return PARAMETER_NAMES;
    }

    @Override
    public int nParams() {
        return 2;
    }

    public int nObs() {
        return simulator.nObs();
    }

    public double s1Obs() {
        return distance.s1Obs();
    }

    public double s2Obs() {
        return distance.s2Obs();
    }

    public TrianglePrior prior() {
        return prior;
    }

    public Ma2Model simulator() {
        return simulator;
    }

    public EuclideanDistance distance() {
        return distance;
    }

    /**
     * Draws {@code batchSize} rows {@code (t1, t2)} into {@code paramsOut} (row-major {@code batchSize x 2}):
     * ELFI's order, all t1 uniforms first, then all t2 uniforms. See {@link TrianglePrior#sample}.
     *
     * @throws ParameterException if {@code batchSize < 1} or {@code paramsOut} is shorter than {@code 2 batchSize}
     */
    @Override
    public void samplePrior(int batchSize, RandomStream rng, double[] paramsOut) {
        prior.sample(batchSize, rng, paramsOut);
    }

    /**
     * {@link TrianglePrior#density} of {@code (params[2 row], params[2 row + 1])}: 1/4 inside the triangle for
     * the standard prior, 0 outside and for NaN.
     *
     * @throws ParameterException if {@code row} does not index a full row of {@code params}
     */
    @Override
    public double priorDensity(double[] params, int row) {
        if (row < 0 || 2L * row + 1 >= params.length) {
            throw ParameterException.of(
                    "row",
                    row,
                    "must lie in [0, " + (params.length / 2 - 1) + "] for params of " + params.length
                            + " values (rows of 2)");
        }
        return prior.density(params[2 * row], params[2 * row + 1]);
    }

    /**
     * {@code log pdfT1(t1) + log pdfT2(t2 | t1)} with numpy's log ({@link NumpyMath#log}): ELFI's {@code ModelPrior.logpdf} adds the logs of its two prior
     * nodes' densities.
     *
     * @throws ParameterException if {@code row} does not index a full row of {@code params}
     */
    @Override
    public double priorLogDensity(double[] params, int row) {
        priorDensity(params, row); // checks the row
        double t1 = params[2 * row];
        return NumpyMath.log(prior.pdfT1(t1)) + NumpyMath.log(prior.pdfT2(params[2 * row + 1], t1));
    }

    /**
     * For every row {@code r} of the row-major {@code batchSize x 2} {@code params}: draws {@code nObs + 2}
     * normals, forms the MA2 series, reduces it to {@code (S1, S2)} and writes
     * {@code distancesOut[r] = sqrt((S1 - S1obs)^2 + (S2 - S2obs)^2)}. Rows are simulated in order, so the normals
     * are consumed exactly as by {@link Ma2Model#simulate}; the result equals {@code simulate} +
     * {@link Ma2Model#autocov} + {@link EuclideanDistance#distances} bit for bit, without their batch-sized
     * intermediate arrays: one scratch row of normals and one of the series are allocated per call and reused;
     * for {@code 10 <= nObs <= 129} S1 and S2 come from {@link Ma2Model#summariesOfNoise} (numpy's pairwise order
     * kept, on the Vector API when the JVM has it).
     * Distances can be +infinity or NaN only if the series overflows (|t| around 1e150 and beyond).
     *
     * @throws ParameterException if {@code batchSize < 1}, an array is too short, or a parameter is not finite
     */
    @Override
    public void simulateDistances(double[] params, int batchSize, RandomStream rng, double[] distancesOut) {
        Ma2Model.checkParams(params, batchSize);
        if (distancesOut.length < batchSize) {
            throw ParameterException.of(
                    "distancesOut.length", distancesOut.length, "must be >= batchSize = " + batchSize);
        }
        final int n = simulator.nObs();
        final double[] w = new double[n + 2];
        final double[] s = new double[2];
        final double[] x = new double[n];
        final EuclideanDistance dist = distance;
        if (Ma2Model.fusable(n)) {
            for (int r = 0; r < batchSize; r++) {
                rng.nextGaussians(w, 0, n + 2);
                Ma2Model.summariesOfNoise(w, params[2 * r], params[2 * r + 1], n, x, s, 0);
                distancesOut[r] = dist.distance(s[0], s[1]);
            }
        } else {
            for (int r = 0; r < batchSize; r++) {
                rng.nextGaussians(w, 0, n + 2);
                Ma2Model.series(params[2 * r], params[2 * r + 1], w, n, x, 0);
                Ma2Model.summaries(x, n, s, 0);
                distancesOut[r] = dist.distance(s[0], s[1]);
            }
        }
    }

    /**
     * Like {@link #simulateDistances} but writes the summaries: {@code summariesOut[2r] = S1},
     * {@code summariesOut[2r + 1] = S2} (row-major {@code batchSize x 2}), for distances other than the
     * Euclidean one (adaptive distances).
     *
     * @throws ParameterException if {@code batchSize < 1}, an array is too short, or a parameter is not finite
     */
    public void simulateSummaries(double[] params, int batchSize, RandomStream rng, double[] summariesOut) {
        Ma2Model.checkParams(params, batchSize);
        Ma2Model.checkLength("summariesOut", summariesOut, batchSize, 2);
        final int n = simulator.nObs();
        final double[] w = new double[n + 2];
        final double[] x = new double[n];
        final boolean fused = Ma2Model.fusable(n);
        for (int r = 0; r < batchSize; r++) {
            rng.nextGaussians(w, 0, n + 2);
            if (fused) {
                Ma2Model.summariesOfNoise(w, params[2 * r], params[2 * r + 1], n, x, summariesOut, 2 * r);
            } else {
                Ma2Model.series(params[2 * r], params[2 * r + 1], w, n, x, 0);
                Ma2Model.summaries(x, n, summariesOut, 2 * r);
            }
        }
    }

    @Override
    public int nSummaries() {
        return 2;
    }

    /** {@link #simulateSummaries(double[], int, RandomStream, double[])}, with each row's distance. */
    @Override
    public void simulateSummaries(
            double[] params, int batchSize, RandomStream rng, double[] summariesOut, double[] distancesOut) {
        if (distancesOut.length < batchSize) {
            throw ParameterException.of(
                    "distancesOut.length", distancesOut.length, "must be >= batchSize = " + batchSize);
        }
        simulateSummaries(params, batchSize, rng, summariesOut);
        for (int r = 0; r < batchSize; r++) {
            distancesOut[r] = distance.distance(summariesOut[2 * r], summariesOut[2 * r + 1]);
        }
    }

    @Override
    public Spec spec() {
        return new Spec(nObs(), s1Obs(), s2Obs(), prior.b(), prior.a());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ma2Abc m
                && m.simulator.equals(simulator)
                && m.prior.equals(prior)
                && m.distance.equals(distance);
    }

    @Override
    public int hashCode() {
        return (simulator.hashCode() * 31 + prior.hashCode()) * 31 + distance.hashCode();
    }

    @Override
    public double[] observedSummaries() {
        return new double[] {s1Obs(), s2Obs()};
    }

    @Override
    public String toString() {
        return "Ma2Abc[nObs=" + nObs() + ", s1Obs=" + s1Obs() + ", s2Obs=" + s2Obs() + ", " + prior + "]";
    }

    /**
     * Plain-data description of an {@link Ma2Abc}: series length, observed summaries and the prior's constants.
     * Validated on construction, so a spec that exists always builds.
     */
    public record Spec(int nObs, double s1Obs, double s2Obs, double priorB, double priorA)
            implements ModelSpec<AbcModel> {
        public Spec {
            Ma2Model.of(nObs);
            EuclideanDistance.of(s1Obs, s2Obs);
            TrianglePrior.of(priorB, priorA);
        }

        /** With ELFI's prior constants {@code b = 2, a = 1}. */
        public static Spec of(int nObs, double s1Obs, double s2Obs) {
            return new Spec(nObs, s1Obs, s2Obs, 2, 1);
        }

        @Override
        public Ma2Abc build() {
            return Ma2Abc.of(nObs, s1Obs, s2Obs, TrianglePrior.of(priorB, priorA));
        }
    }
}
