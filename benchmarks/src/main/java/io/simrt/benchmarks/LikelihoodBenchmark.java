package io.simrt.benchmarks;

import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.Tensor3;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qubit.DampedRabiModel;
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
 * Likelihood throughput in particle-experiments per second (one outcome row, so one likelihood value each):
 * {@code score = particles x experiments / s} via {@link OperationsPerInvocation}, so 1/score is the cost of one
 * particle-experiment. Single-threaded: one engine thread's worth of work.
 *
 * <ul>
 *   <li>{@code oneExperiment*}: one experiment per call at time {@code t} (default 5.5, the middle of the QInfer
 *       reference scenario's [1, 10], docs/python-semantics.md §3); this is the SMC-update shape. For DampedRabi the
 *       cost grows linearly with t.</li>
 *   <li>{@code hundredExperiments*}: 100 experiments t = linspace(1, 10, 100) per call (that scenario's). DampedRabi
 *       integrates each particle once up to max t = 10, so its cost per particle-experiment is about a tenth of
 *       the single-experiment cost at t = 10.</li>
 * </ul>
 * Particles are a fixed grid (omega in [0.5, 2), gamma in [0, 0.5) for DampedRabi), not random draws.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar LikelihoodBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * java -jar benchmarks/target/benchmarks.jar 'LikelihoodBenchmark.oneExperiment1k' -p model=DampedRabi -p t=1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LikelihoodBenchmark {
    private static final int[] OUTCOME_ZERO = {0};

    @Param({"SimplePrecession", "DampedRabi"})
    public String model;

    /** Experiment time of the one-experiment benchmarks. */
    @Param({"5.5"})
    public double t;

    private Model m;
    private ModelParams particles1k;
    private ModelParams particles10k;
    private ExpParams one;
    private ExpParams hundred;

    @Setup
    public void setUp() {
        boolean rabi = switch (model) {
            case "SimplePrecession" -> false;
            case "DampedRabi" -> true;
            default -> throw new IllegalArgumentException("unknown model " + model);
        };
        m = rabi ? DampedRabiModel.of() : SimplePrecessionModel.of();
        particles1k = particles(1_000, rabi);
        particles10k = particles(10_000, rabi);
        one = ExpParams.times(t);
        double[] times = new double[100];
        for (int k = 0; k < times.length; k++) {
            times[k] = 1 + 9.0 * k / (times.length - 1);
        }
        hundred = ExpParams.times(times);
    }

    private static ModelParams particles(int n, boolean rabi) {
        if (!rabi) {
            double[] omega = new double[n];
            for (int j = 0; j < n; j++) {
                omega[j] = 0.5 + 1.5 * j / n;
            }
            return ModelParams.column(omega);
        }
        double[] rows = new double[2 * n];
        for (int j = 0; j < n; j++) {
            rows[2 * j] = 0.5 + 1.5 * j / n;
            rows[2 * j + 1] = 0.5 * ((j * 7919L) % n) / n;
        }
        return ModelParams.of(n, 2, rows);
    }

    @Benchmark
    @OperationsPerInvocation(1_000)
    public Tensor3 oneExperiment1k() {
        return m.likelihood(OUTCOME_ZERO, particles1k, one);
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public Tensor3 oneExperiment10k() {
        return m.likelihood(OUTCOME_ZERO, particles10k, one);
    }

    @Benchmark
    @OperationsPerInvocation(100_000)
    public Tensor3 hundredExperiments1k() {
        return m.likelihood(OUTCOME_ZERO, particles1k, hundred);
    }

    @Benchmark
    @OperationsPerInvocation(1_000_000)
    public Tensor3 hundredExperiments10k() {
        return m.likelihood(OUTCOME_ZERO, particles10k, hundred);
    }
}
