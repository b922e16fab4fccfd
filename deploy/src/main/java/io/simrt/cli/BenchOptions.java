package io.simrt.cli;

import java.util.Arrays;
import picocli.CommandLine.Option;

/** Repetitions shared by every benchmark: warm-up runs (not reported as results) and measured runs. */
final class BenchOptions {
    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up runs before measuring. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--reps", defaultValue = "3", description = "Measured runs; the median is reported. Default: ${DEFAULT-VALUE}.")
    int reps;

    void check() {
        if (warmup < 0) {
            throw new UsageException("--warmup must be >= 0, got " + warmup);
        }
        if (reps <= 0) {
            throw new UsageException("--reps must be > 0, got " + reps);
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
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        return t;
    }
}
