package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.model.ParallelizedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt bench likelihood}: one likelihood call over N particles and one experiment, in this thread and
 * through a parallelized model (serial threshold 0, so every call goes to the engines).
 */
@Command(name = "likelihood", mixinStandardHelpOptions = true, description = "Likelihood calls: serial vs engines.")
final class LikelihoodBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "precession",
            description = "precession, unknown-t2 or rabi. " + "Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(
            names = "--particles",
            split = ",",
            defaultValue = "1000,10000,100000,1000000",
            description = "Particle counts. Default: ${DEFAULT-VALUE}.")
    List<Integer> particles;

    @Option(names = "--time", defaultValue = "1.0", description = "Experiment time t. Default: ${DEFAULT-VALUE}.")
    double time;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Option(
            names = "--budget",
            defaultValue = "1.0",
            description = "Seconds to spend on each measurement (after as long again of warm-up); at least 3 and at "
                    + "most 200 calls. Default: ${DEFAULT-VALUE}.")
    double budget;

    /** Warms up for {@code budget} seconds, then times calls for {@code budget} seconds (3 to 200 calls). */
    private double[] timed(Runnable call) {
        long budgetNanos = (long) (budget * 1e9);
        long start = System.nanoTime();
        int warm = 0;
        while (warm < 3 || (System.nanoTime() - start < budgetNanos && warm < 200)) {
            call.run();
            warm++;
        }
        List<Double> times = new ArrayList<>();
        start = System.nanoTime();
        while (times.size() < 3 || (System.nanoTime() - start < budgetNanos && times.size() < 200)) {
            long t0 = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - t0) / 1e9);
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public Integer call() {
        if (!(budget > 0)) {
            throw new UsageException("--budget must be > 0, got " + budget);
        }
        SmcModels.Entry entry = SmcModels.get(model);
        for (int n : particles) {
            if (n <= 0) {
                throw new UsageException("--particles must all be > 0, got " + n);
            }
        }
        try (Client client = clientOptions.open()) {
            if (!(client instanceof RuntimeClient rc)) {
                throw new UsageException(
                        "bench likelihood compares engines with this thread: use --client local or " + "cluster");
            }
            Model serial = entry.model();
            ParallelizedModel parallel = ParallelizedModel.of(entry.model(), rc, 0);
            ExpParams eps = ExpParams.times(time);
            int[] outcomes = {0};
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int n : particles) {
                ModelParams mps = entry.prior()
                        .orElseThrow()
                        .sample(n, RandomStreams.of(RngFamily.FAST, n).root());
                double serialS = BenchOptions.median(timed(() -> serial.likelihood(outcomes, mps, eps)));
                double parallelS = BenchOptions.median(timed(() -> parallel.likelihood(outcomes, mps, eps)));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("particles", n);
                row.put("serialMs", serialS * 1e3);
                row.put("parallelMs", parallelS * 1e3);
                row.put("speedup", serialS / parallelS);
                rows.add(row);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("benchmark", "likelihood");
            o.put("model", model);
            o.put("time", time);
            o.put("client", client.kind().id());
            o.put("engines", client.engines());
            o.put("budgetSeconds", budget);
            o.put("rows", rows);
            spec.commandLine().getOut().println(Json.write(o));
        }
        return 0;
    }
}
