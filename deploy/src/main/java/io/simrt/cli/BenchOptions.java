package io.simrt.cli;

import java.util.Arrays;
import picocli.CommandLine.Option;

/** Repetitions shared by every benchmark: warm-up runs (not reported as results) and measured runs. */
final class BenchOptions {
    @Option(
            names = "--warmup",
            description = "Warm-up runs before measuring. Default: what the JIT needs here, "
                    + "per benchmark (1; lb-map 10; scatter-gather 200).")
    Integer warmup;

    @Option(names = "--reps", description = "Measured runs; the median is reported. Default: 3; scatter-gather 20.")
    Integer reps;

    /** Warm-up and measured runs when {@code --warmup} and {@code --reps} are not given. */
    private final int defaultWarmup;

    private final int defaultReps;

    BenchOptions() {
        this(1, 3);
    }

    /**
     * @param defaultWarmup warm-up runs unless {@code --warmup} says otherwise: on two cores the JIT is still
     *                      compiling the remoting path after a few runs of the API benches and takes a core from it
     */
    BenchOptions(int defaultWarmup, int defaultReps) {
        this.defaultWarmup = defaultWarmup;
        this.defaultReps = defaultReps;
    }

    int warmupRuns() {
        return warmup != null ? warmup : defaultWarmup;
    }

    int repRuns() {
        return reps != null ? reps : defaultReps;
    }

    void check() {
        if (warmupRuns() < 0) {
            throw new UsageException("--warmup must be >= 0, got " + warmupRuns());
        }
        if (repRuns() <= 0) {
            throw new UsageException("--reps must be > 0, got " + repRuns());
        }
    }

    /** Median of the values. */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Runs {@code body} warmup times, then reps times, and returns the measured wall times in seconds. */
    double[] time(Runnable body) {
        check();
        for (int i = 0; i < warmupRuns(); i++) {
            body.run();
        }
        double[] t = new double[repRuns()];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return t;
    }
}
