package io.simrt.benchmarks;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.random.RandomStreams;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * MA2 simulations per second on one core: one full ABC batch of {@value #BATCH} simulations with
 * {@code nObs = 100}, as an engine runs it: derive the batch stream, sample the prior (ELFI order), simulate and
 * reduce to distances. Scores read as simulations/s ({@code @OperationsPerInvocation(BATCH)}).
 *
 * <p>{@link #normalsOnly} draws just the {@code BATCH x 102} standard normals of a batch, per simulation too, so
 * the difference between the two shows what the arithmetic costs on top of the Gaussian sampler.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar Ma2Benchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 *
 * <p>The fork resolves {@code jdk.incubator.vector}, so the {@code fast} family's normals take the vector kernel; the
 * scalar fallback (the same numbers) is measured with
 * {@code -jvmArgsAppend "--add-modules jdk.incubator.vector -Dsimrt.vector=false"}, or by leaving the module out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@OutputTimeUnit(TimeUnit.SECONDS)
public class Ma2Benchmark {
    static final int BATCH = 10_000;
    static final int N_OBS = 100;

    @Param({"fast", "elfi"})
    public String rng;

    private Ma2Abc model;
    private RandomStreams streams;
    private double[] params;
    private double[] distances;
    private double[] normals;
    private RandomStream replay;
    private long block;

    @Setup
    public void setUp() {
        model = Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, N_OBS);
        streams = RandomStreams.of(RngFamily.parse(rng), 20170530);
        params = new double[2 * BATCH];
        distances = new double[BATCH];
        normals = new double[N_OBS + 2];
        RandomStream fixed = streams.root();
        fixed.nextGaussians(normals, 0, N_OBS + 2);
        replay = new ReplayStream(normals.clone());
        model.samplePrior(BATCH, fixed, params);
    }

    /** Hands out one fixed row of normals again and again; no randomness (for {@link #arithmeticOnly}). */
    private static final class ReplayStream implements RandomStream {
        private final double[] row;

        ReplayStream(double[] row) {
            this.row = row;
        }

        @Override
        public void nextGaussians(double[] out, int from, int to) {
            System.arraycopy(row, 0, out, from, to - from);
        }

        @Override
        public double nextGaussian() {
            throw new UnsupportedOperationException();
        }

        @Override
        public double nextDouble() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RngFamily family() {
            return RngFamily.FAST;
        }
    }

    /** One ABC batch: stream of the next block, prior sample, simulations, distances. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double abcBatch() {
        RandomStream s = streams.block(block++);
        model.samplePrior(BATCH, s, params);
        model.simulateDistances(params, BATCH, s, distances);
        return distances[BATCH - 1];
    }

    /**
     * The arithmetic of one batch alone: {@link Ma2Abc#simulateDistances} fed by a stream that copies one fixed
     * row of 102 normals instead of sampling (series, S1, S2 and distance per simulation).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double arithmeticOnly() {
        model.simulateDistances(params, BATCH, replay, distances);
        return distances[BATCH - 1];
    }

    /** The normals of one batch alone (102 per simulation), for comparison with {@link #abcBatch}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double normalsOnly() {
        RandomStream s = streams.block(block++);
        double acc = 0;
        for (int i = 0; i < BATCH; i++) {
            s.nextGaussians(normals, 0, N_OBS + 2);
            acc += normals[N_OBS + 1];
        }
        return acc;
    }
}
