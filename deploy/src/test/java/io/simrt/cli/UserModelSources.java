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
