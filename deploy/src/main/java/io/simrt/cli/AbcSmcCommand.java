package io.simrt.cli;

import io.simrt.client.Client;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.AbcSmc;
import io.simrt.inference.abc.Population;
import io.simrt.inference.results.SampleExport;
import io.simrt.inference.results.SamplePlots;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RngFamily;
import io.simrt.models.random.Seeds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simrt abc-smc}: ABC-SMC (ELFI's {@code SMC}). */
@Command(name = "abc-smc", mixinStandardHelpOptions = true, sortOptions = false,
        description = "ABC-SMC: a sequence of rejection rounds with shrinking thresholds and importance weights.")
final class AbcSmcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "ma2", description = "Model: ma2. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--samples", defaultValue = "500", description = "Samples per population. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--thresholds", split = ",", paramLabel = "T1,T2,...",
            description = "Acceptance threshold of each round, decreasing (one round per threshold).")
    List<Double> thresholds;

    @Option(names = "--quantiles", split = ",", paramLabel = "Q1,Q2,...",
            description = "Instead of thresholds: round 0 keeps quantile Q1 of its prior simulations; round r accepts at "
                    + "the Qr weighted quantile of round r-1's distances.")
    List<Double> quantiles;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Simulations per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", description = "Master seed (0 to 2^32-1 for --rng elfi). Default: a fresh one, printed.")
    Long seed;

    @Option(names = "--observed-seed", defaultValue = "4", description = "Seed of the observed data. Default: ${DEFAULT-VALUE}.")
    long observedSeed;

    @Option(names = "--rng", defaultValue = "fast", description = "Random streams: fast or elfi. Default: ${DEFAULT-VALUE}.")
    String rng;

    @Option(names = "--max-parallel-batches", defaultValue = "0",
            description = "Batches in flight at most. Default: the client's parallelism.")
    int maxParallelBatches;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    boolean json;

    @Option(names = "--output", paramLabel = "FILE.csv", description = "Write the final population (with weights) as CSV.")
    Path output;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the final population's pair plot.")
    Path plot;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Override
    public Integer call() {
        if (samples <= 0) {
            throw new UsageException("--samples must be > 0, got " + samples);
        }
        if (batchSize <= 0) {
            throw new UsageException("--batch-size must be > 0, got " + batchSize);
        }
        if ((thresholds == null) == (quantiles == null)) {
            throw new UsageException("give exactly one of --thresholds and --quantiles");
        }
        RngFamily family = RngFamily.parse(rng);
        long masterSeed = seed != null ? seed : Seeds.fresh();
        Path csv = output == null ? null : OutputFiles.checkWritable("--output", output);
        Path png = plot == null ? null : OutputFiles.checkWritable("--plot", plot);
        AbcModel abcModel = AbcModels.build(model, family, observedSeed);
        try (Client client = clientOptions.open()) {
            ProgressReporter progress = ProgressReporter.create(!noProgress, "ABC-SMC", "batches", System.err);
            AbcSmc smc = AbcSmc.builder(abcModel, client).seed(masterSeed).batchSize(batchSize).rng(family)
                    .maxParallelBatches(maxParallelBatches).build();
            long t0 = System.nanoTime();
            AbcResult result;
            try {
                result = thresholds != null
                        ? smc.sample(samples, thresholds, progress)
                        : smc.sampleQuantiles(samples, quantiles, progress);
            } finally {
                progress.close();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            if (csv != null) {
                SampleExport.writeCsv(result.sample(), Optional.of(result.distances()), csv);
            }
            if (png != null) {
                SamplePlots.plot(result.sample(), png, SamplePlots.Options.defaults().withTitle(
                        "ABC-SMC, " + model + ": final population of " + result.sample().size() + " (weighted)"));
            }
            print(result, wall, client);
        }
        return 0;
    }

    private void print(AbcResult r, double wall, Client client) {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = r.parameterNames();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", r.method());
            o.put("model", model);
            o.put("samples", r.sample().size());
            List<Map<String, Object>> pops = new ArrayList<>();
            for (Population p : r.populations()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("threshold", p.roundThreshold());
                m.put("sampleThreshold", p.threshold());
                m.put("simulations", p.simulations());
                m.put("batches", p.batches());
                m.put("means", Json.named(names, p.means()));
                pops.add(m);
            }
            o.put("populations", pops);
            o.put("simulations", r.simulations());
            o.put("batches", r.batches());
            o.put("threshold", r.threshold());
            o.put("means", Json.named(names, r.sample().means()));
            Map<String, Object> ci = new LinkedHashMap<>();
            List<double[]> intervals = r.sample().intervals95();
            for (int p = 0; p < names.size(); p++) {
                ci.put(names.get(p), intervals.get(p));
            }
            o.put("intervals95", ci);
            o.put("seed", r.seed());
            o.put("rng", r.rng().id());
            o.put("batchSize", r.batchSize());
            o.put("client", client.kind().id());
            o.put("engines", client.engines());
            o.put("wallSeconds", wall);
            out.println(Json.write(o));
        } else {
            out.print(r.summary());
            for (int i = 0; i < r.populations().size(); i++) {
                Population p = r.populations().get(i);
                StringBuilder means = new StringBuilder();
                double[] m = p.means();
                for (int k = 0; k < names.size(); k++) {
                    means.append(k == 0 ? "" : ", ").append(names.get(k)).append(": ")
                            .append(String.format(Locale.ROOT, "%.3g", m[k]));
                }
                out.printf(Locale.ROOT, "Population %d: threshold %s, %d simulations, means %s%n", i,
                        Json.num(p.roundThreshold()), p.simulations(), means);
            }
            out.printf(Locale.ROOT, "%nSeed: %d (--rng %s, --batch-size %d, --observed-seed %d)%n", r.seed(),
                    r.rng().id(), r.batchSize(), observedSeed);
            out.printf(Locale.ROOT, "Wall time: %.3f s on the %s client (%d engine%s)%n", wall, client.kind().id(),
                    client.engines(), client.engines() == 1 ? "" : "s");
        }
    }
}
