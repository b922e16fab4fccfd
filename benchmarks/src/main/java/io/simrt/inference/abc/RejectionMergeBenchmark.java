package io.simrt.inference.abc;

import io.simrt.api.BatchOutput;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The caller's share of a rejection run: merging 100 batches of 10,000 rows, in order, into the nearest
 * {@code samples} (README's main job keeps 5,000 of 10^6), as the inference thread does while the engines simulate
 * the next batches; on two cores its time is taken from them. The distances are half-normal, the parameters random:
 * what matters is how many rows of each batch are candidates, which falls as the cut does. {@code firstBatchOrder}
 * is the stable order of a run's first batch, all of whose rows are candidates. In this package because
 * {@link RejectionState} and {@link StableOrder} are the inference module's own.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar RejectionMergeBenchmark -f 3 -wi 5 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RejectionMergeBenchmark {
    private static final int BATCH = 10_000;
    private static final int BATCHES = 100;
    private static final int PARAMS = 2;

    @Param({"5000"})
    public int samples;

    private BatchOutput[] batches;
    private double[] firstKeys;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20170530);
        batches = new BatchOutput[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            double[] d = new double[BATCH];
            double[] p = new double[BATCH * PARAMS];
            for (int i = 0; i < BATCH; i++) {
                d[i] = Math.abs(gaussian(random));
                p[i * PARAMS] = random.nextDouble(-2, 2);
                p[i * PARAMS + 1] = random.nextDouble(-1, 1);
            }
            batches[b] = BatchOutput.of(b, BATCH, p, d);
        }
        firstKeys = batches[0].distances();
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** A whole run's merges: microseconds per run of 10^6 simulations. */
    @Benchmark
    public double mergeRun() {
        RejectionState state = new RejectionState(samples, BATCH, PARAMS, Objective.simulations(1_000_000), 1);
        for (BatchOutput b : batches) {
            state.merge(b);
        }
        return state.currentThreshold();
    }

    @Benchmark
    public int firstBatchOrder() {
        return StableOrder.of(firstKeys, BATCH)[BATCH / 2];
    }
}
