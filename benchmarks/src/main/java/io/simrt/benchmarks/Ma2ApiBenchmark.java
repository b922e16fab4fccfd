package io.simrt.benchmarks;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.ma2.Ma2Definition;
import io.simrt.models.random.RandomStreams;
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
 * model-definition API ({@link Ma2Definition}) with its simulator as a function of one row and in its batch
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
        builtIn = Ma2Abc.ofObservedData(Ma2Definition.observedSeries(N_OBS));
        function = Ma2Definition.builder(N_OBS, false).build();
        batch = Ma2Definition.builder(N_OBS, true).build();
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
}
