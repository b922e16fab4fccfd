package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.inference.smc.SmcUpdater;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.model.ParallelizedModel;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code simrt bench smc}: QInfer's SMC scenario (10,000 particles, 100 single-shot experiments) with the cheap
 * precession model (t = linspace(1, 10)) and the expensive damped Rabi model (t = linspace(1, 2), 9 to 18 us per
 * particle-experiment), serially and through a parallelized model with its default serial threshold.
 */
@Command(name = "smc", mixinStandardHelpOptions = true, description = "SMC particle filter: serial vs engines.")
final class SmcBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--particles", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
    int particles;

    @Option(names = "--experiments", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
    int experiments;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "precession,rabi",
            description = "Models to run. Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(
            names = "--reps",
            defaultValue = "1",
            description = "Measured runs per variant (median). Default: ${DEFAULT-VALUE}.")
    int reps;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Override
    public Integer call() {
        if (particles <= 0 || experiments <= 0 || reps <= 0) {
            throw new UsageException("--particles, --experiments and --reps must be > 0");
        }
        try (Client client = clientOptions.open()) {
            if (!(client instanceof RuntimeClient rc)) {
                throw new UsageException("bench smc compares engines with this thread: use --client local or cluster");
            }
            List<Map<String, Object>> runs = new ArrayList<>();
            for (String name : models) {
                SmcModels.Entry entry = SmcModels.get(name);
                double tMax = name.equals("rabi") ? 2 : 10;
                ParallelizedModel pm = ParallelizedModel.of(entry.model(), rc);
                // warm-up: a tenth of the experiments on each path, so both are compiled before timing
                run(entry, entry.model(), Math.max(1, experiments / 10), tMax);
                run(entry, pm, Math.max(1, experiments / 10), tMax);
                double[] serial = new double[reps];
                double[] parallel = new double[reps];
                double[][] means = new double[2][];
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    means[0] = run(entry, entry.model(), experiments, tMax);
                    serial[r] = (System.nanoTime() - t0) / 1e9;
                    long t1 = System.nanoTime();
                    means[1] = run(entry, pm, experiments, tMax);
                    parallel[r] = (System.nanoTime() - t1) / 1e9;
                }
                if (!Arrays.equals(means[0], means[1])) {
                    throw new IllegalStateException("serial and parallel SMC differ: " + Arrays.toString(means[0])
                            + " vs " + Arrays.toString(means[1]));
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", name);
                o.put("particles", particles);
                o.put("experiments", experiments);
                o.put("times", "linspace(1, " + (int) tMax + ", " + experiments + ")");
                o.put("serialSeconds", BenchOptions.median(serial));
                o.put("parallelSeconds", BenchOptions.median(parallel));
                o.put("speedup", BenchOptions.median(serial) / BenchOptions.median(parallel));
                o.put("serialThreshold", pm.serialThreshold());
                runs.add(o);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("benchmark", "smc");
            out.put("client", client.kind().id());
            out.put("engines", client.engines());
            out.put("runs", runs);
            spec.commandLine().getOut().println(Json.write(out));
        }
        return 0;
    }

    /** One SMC run on fixed data; returns the posterior mean (serial and parallel must agree bit for bit). */
    private double[] run(SmcModels.Entry entry, Model model, int n, double tMax) {
        RandomStreams streams = RandomStreams.of(RngFamily.FAST, 2026);
        SmcUpdater u = SmcUpdater.builder(model, particles, entry.prior().orElseThrow())
                .rng(streams.root())
                .build();
        RandomStream data = streams.block(0);
        double[] t = entry.defaultTruth().orElseThrow();
        ModelParams truth = ModelParams.of(1, t.length, t);
        for (int k = 0; k < n; k++) {
            ExpParams eps = ExpParams.times(n == 1 ? 1 : 1 + (tMax - 1) * k / (n - 1));
            u.update((int) entry.model().simulateExperiment(truth, eps, 1, data).get(0, 0, 0), eps);
        }
        return u.estMean();
    }
}
