package io.simrt.benchmarks;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcBuilder;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.Distances;
import io.simrt.models.abc.Simulator;
import io.simrt.models.abc.Summaries;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.ma2.Ma2Model;
import io.simrt.models.ma2.TrianglePrior;
import io.simrt.models.random.RandomStreams;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MA2 simulations per second on one core, the built-in {@link Ma2Abc} against the same model written through the
 * model-definition API ({@code io.simrt.models.abc}) with its simulator as a function of one row and in its batch
 * form. Each invocation is one ABC batch of {@value #BATCH} simulations with {@code nObs = 100}, as an engine runs it
 * (the batch stream, the prior draws, the simulations and distances); the three give the same numbers bit for bit
 * (models' {@code Ma2ThroughApiTest}). Scores read as simulations/s.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar Ma2ApiBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ma2ApiBenchmark {
    static final int BATCH = 10_000;
    static final int N_OBS = 100;

    @Param({"fast", "elfi"})
    public String rng;

    private Ma2Abc builtIn;
    private AbcModel function;
    private AbcModel batch;
    private RandomStreams streams;
    private double[] params;
    private double[] distances;
    private long block;

    @Setup
    public void setUp() {
        double[] y = new double[N_OBS];
        Ma2Model.of(N_OBS).simulate(new double[] {0.6, 0.2}, 1, RandomStreams.observed(RngFamily.ELFI, 4), y);
        builtIn = Ma2Abc.ofObservedData(y);
        function = ma2(y).simulator(simulator(N_OBS)).build();
        batch = ma2(y).simulatorBatch(N_OBS, batchSimulator(N_OBS)).build();
        streams = RandomStreams.of(RngFamily.parse(rng), 20170530);
        params = new double[2 * BATCH];
        distances = new double[BATCH];
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double builtIn() {
        return run(builtIn);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double functionForm() {
        return run(function);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double batchForm() {
        return run(batch);
    }

    private double run(AbcModel model) {
        RandomStream s = streams.block(block++);
        model.samplePrior(BATCH, s, params);
        model.simulateDistances(params, BATCH, s, distances);
        return distances[BATCH - 1];
    }

    private static AbcBuilder ma2(double[] y) {
        return AbcModels.builder("ma2-api")
                .parameters(List.of("t1", "t2"), TrianglePrior.standard())
                .summary("S1", Summaries.autocov(1))
                .summary("S2", Summaries.autocov(2))
                .distance(Distances.euclidean())
                .observed(y);
    }

    private static Simulator simulator(int n) {
        return (theta, rng) -> {
            double t1 = theta[0];
            double t2 = theta[1];
            double[] w = new double[n + 2];
            rng.nextGaussians(w, 0, n + 2);
            double[] x = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = (w[k + 2] + t1 * w[k + 1]) + t2 * w[k];
            }
            return x;
        };
    }

    private static Simulator.Batch batchSimulator(int n) {
        return (p, batchSize, rng, out) -> {
            double[] w = new double[n + 2];
            for (int r = 0; r < batchSize; r++) {
                rng.nextGaussians(w, 0, n + 2);
                double t1 = p[2 * r];
                double t2 = p[2 * r + 1];
                for (int k = 0; k < n; k++) {
                    out[r * n + k] = (w[k + 2] + t1 * w[k + 1]) + t2 * w[k];
                }
            }
        };
    }
}
