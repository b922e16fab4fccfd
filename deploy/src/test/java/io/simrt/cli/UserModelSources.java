package io.simrt.cli;

import java.util.Map;

/** Java sources of user models in package com.example, compiled into jars by the tests (JarCompiler). */
final class UserModelSources {
    private UserModelSources() {}

    /** An AbcModel implemented directly: the built-in MA2 with ELFI's observed data (fast streams, seed 4). */
    static final String ABC_MODEL = """
            package com.example;

            import io.simrt.models.ModelSpec;
            import io.simrt.models.RandomStream;
            import io.simrt.models.RngFamily;
            import io.simrt.models.abc.AbcModel;
            import io.simrt.models.ma2.Ma2Abc;
            import java.util.List;

            public final class DirectMa2 implements AbcModel {
                private final AbcModel m = Ma2Abc.observedFrom(RngFamily.FAST, 4, 0.6, 0.2, 100);
                public String name() { return "direct-ma2"; }
                public List<String> parameterNames() { return m.parameterNames(); }
                public void samplePrior(int n, RandomStream rng, double[] out) { m.samplePrior(n, rng, out); }
                public double priorDensity(double[] p, int row) { return m.priorDensity(p, row); }
                public void simulateDistances(double[] p, int n, RandomStream rng, double[] out) {
                    m.simulateDistances(p, n, rng, out);
                }
                public ModelSpec<AbcModel> spec() { return m.spec(); }
            }
            """;

    /** QInfer's precession model behind a user class of its own. */
    static final String SMC_MODEL = """
            package com.example;

            import io.simrt.models.*;
            import io.simrt.models.qinfer.SimplePrecessionModel;
            import java.util.List;

            public final class MyPrecession implements Model {
                private final Model m = SimplePrecessionModel.of();
                public String name() { return "my-precession"; }
                public int nModelParams() { return m.nModelParams(); }
                public List<String> modelParamNames() { return m.modelParamNames(); }
                public ExpLayout expLayout() { return m.expLayout(); }
                public boolean isNOutcomesConstant() { return m.isNOutcomesConstant(); }
                public int nOutcomes(ExpParams eps, int k) { return m.nOutcomes(eps, k); }
                public boolean[] areModelsValid(ModelParams mps) { return m.areModelsValid(mps); }
                public Tensor3 likelihood(int[] o, ModelParams mps, ExpParams eps) { return m.likelihood(o, mps, eps); }
                public Tensor3 simulateExperiment(ModelParams mps, ExpParams eps, int repeat, RandomStream rng) {
                    return m.simulateExperiment(mps, eps, repeat, rng);
                }
                public void clearCache() { m.clearCache(); }
                public long likelihoodCallCount() { return m.likelihoodCallCount(); }
                public long simulationCount() { return m.simulationCount(); }
                public ModelSpec<Model> spec() { return m.spec(); }
            }
            """;

    /** A Gaussian simulator: 20 draws of {@code mu + N(0, 1)}; throws for {@code mu > 5} to test the error policy. */
    static final String GAUSS_SIMULATOR = """
            package com.example;

            import io.simrt.models.RandomStream;
            import io.simrt.models.abc.Simulator;

            public final class GaussSim implements Simulator {
                public double[] simulate(double[] theta, RandomStream rng) {
                    if (theta[0] > 5) {
                        throw new IllegalStateException("mu too large: " + theta[0]);
                    }
                    double[] y = new double[20];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = theta[0] + rng.nextGaussian();
                    }
                    return y;
                }
            }
            """;

    /** The observed data of the Gaussian model. */
    static final double[] GAUSS_OBSERVED = {
        0.9, 1.4, 0.2, 1.1, 2.0, 0.7, 1.3, 0.5, 1.8, 1.0, 0.4, 1.6, 1.2, 0.8, 1.5, 0.3, 1.9, 1.1, 0.6, 1.2
    };

    /** The Gaussian model as an AbcDefinition (a ServiceLoader provider in the tests): mu ~ normal(1, 1). */
    static final String GAUSS_DEFINITION =
            """
            package com.example;

            import io.simrt.models.abc.*;

            public final class GaussDef implements AbcDefinition {
                public String description() {
                    return "the mean mu of a normal sample, as a test model";
                }

                public AbcBuilder define() {
                    return AbcModels.builder("gauss")
                            .parameter("mu", Priors.normal(1, 1))
                            .simulator(new GaussSim())
                            .summary("mean", Summaries.mean())
                            .summary("autocov1", Summaries.autocov(1))
                            .distance(Distances.manhattan())
                            .observed(%s);
                }
            }
            """.formatted(java.util.Arrays.toString(GAUSS_OBSERVED).replaceAll("[\\[\\]]", ""));

    /** The same model as a model file; {@code observed.csv} holds {@link #GAUSS_OBSERVED}. */
    static final String GAUSS_FILE = """
            # the Gaussian model of GaussDef
            name = gauss
            parameters = [
              { name = mu, prior = { normal { mu = 1, sigma = 1 } } }
            ]
            simulator = "com.example.GaussSim"
            summaries = [ mean, { builtin = autocov, lag = 1 } ]
            distance = manhattan
            observed = { file = "observed.csv" }
            """;

    /** Classes that are not usable models, for the bad-input tests. */
    static final Map<String, String> NOT_MODELS = Map.of(
            "com.example.NotAModel",
            "package com.example; public final class NotAModel {}",
            "com.example.NoDefaultCtor",
            """
            package com.example;
            public final class NoDefaultCtor extends Base {
                public NoDefaultCtor(int x) {}
            }
            """,
            "com.example.Base",
            """
            package com.example;
            import io.simrt.models.abc.AbcModel;
            public abstract class Base implements AbcModel {
                public String name() { return "x"; }
                public java.util.List<String> parameterNames() { return java.util.List.of("a"); }
                public void samplePrior(int n, io.simrt.models.RandomStream rng, double[] out) {}
                public double priorDensity(double[] p, int row) { return 1; }
                public void simulateDistances(double[] p, int n, io.simrt.models.RandomStream rng, double[] out) {}
                public io.simrt.models.ModelSpec<AbcModel> spec() { throw new UnsupportedOperationException(); }
            }
            """);
}
