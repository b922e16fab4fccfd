package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.AbcSmc;
import io.simrt.inference.abc.Population;
import io.simrt.models.abc.AbcModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simrt abc-smc}: ABC-SMC (ELFI's {@code SMC}). */
@Command(
        name = "abc-smc",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "ABC-SMC: a sequence of rejection rounds with shrinking thresholds and importance weights.")
final class AbcSmcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--samples",
            defaultValue = "500",
            description = "Samples per population. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(
            names = "--thresholds",
            split = ",",
            paramLabel = "T1,T2,...",
            description = "Acceptance threshold of each round, decreasing (one round per threshold).")
    List<Double> thresholds;

    @Option(
            names = "--quantiles",
            split = ",",
            paramLabel = "Q1,Q2,...",
            description =
                    "Instead of thresholds: round 0 keeps quantile Q1 of its prior simulations; round r accepts at "
                            + "the Qr weighted quantile of round r-1's distances.")
    List<Double> quantiles;

    @Option(
            names = "--batch-size",
            defaultValue = "1000",
            description = "Simulations per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Mixin
    AbcRunOptions run = new AbcRunOptions();

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Mixin
    DashboardOptions dashboardOptions = new DashboardOptions();

    @Override
    public Integer call() {
        if (samples <= 0) {
            throw new UsageException("--samples must be > 0, got " + samples);
        }
        if ((thresholds == null) == (quantiles == null)) {
            throw new UsageException("give exactly one of --thresholds and --quantiles");
        }
        checkDecreasing(thresholds);
        run.prepare(batchSize);
        try (ModelClassLoader code = run.openModelCode();
                RunRecorder recorder = RunRecorder.open(run.store)) {
            return run(run.resolveModel(code, clientOptions).model(), recorder);
        }
    }

    /** Each round must accept less than the one before: a threshold at or above its predecessor is a mistake. */
    private static void checkDecreasing(List<Double> thresholds) {
        for (int i = 1; thresholds != null && i < thresholds.size(); i++) {
            double before = thresholds.get(i - 1);
            double t = thresholds.get(i);
            if (!(t < before)) {
                throw new UsageException("--thresholds must decrease, but " + t + " (round " + i + ") follows " + before
                        + " (round " + (i - 1) + ")");
            }
        }
    }

    private int run(AbcModel abcModel, RunRecorder recorder) {
        try (Client client = clientOptions.open();
                CliDashboard dashboard = CliDashboard.start(dashboardOptions, client, spec)) {
            dashboard.begin("abc-smc", run.model.given(), abcModel.parameterNames());
            var journal = recorder.begin(
                    run.draft(
                            "abc-smc",
                            spec,
                            abcModel,
                            batchSize,
                            samples,
                            thresholds != null ? "thresholds " + thresholds : "quantiles " + quantiles,
                            ""),
                    client);
            ProgressReporter progress = ProgressReporter.create(!run.noProgress, "ABC-SMC", "batches", System.err);
            AbcSmc smc = AbcSmc.builder(abcModel, client)
                    .seed(run.masterSeed())
                    .batchSize(batchSize)
                    .rng(run.family())
                    .maxParallelBatches(run.maxParallelBatches)
                    .journal(dashboard.journal(journal))
                    .build();
            long t0 = System.nanoTime();
            AbcResult result;
            try {
                result = thresholds != null
                        ? smc.sample(samples, thresholds, dashboard.progress(progress))
                        : smc.sampleQuantiles(samples, quantiles, dashboard.progress(progress));
                recorder.done(result);
                dashboard.finished(true);
            } catch (RuntimeException | Error e) {
                dashboard.finished(false);
                recorder.failed(e);
                throw e;
            } finally {
                progress.close();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            run.writeOutputs(
                    result,
                    "ABC-SMC, " + run.model.given() + ": final population of "
                            + result.sample().size() + " (weighted)");
            print(result, wall, client, recorder);
        }
        return 0;
    }

    private void print(AbcResult r, double wall, Client client, RunRecorder recorder) {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = r.parameterNames();
        if (run.json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", r.method());
            o.put("model", run.model.given());
            o.put("samples", r.sample().size());
            List<Map<String, Object>> pops = new ArrayList<>();
            for (Population p : r.populations()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("roundThreshold", p.roundThreshold());
                m.put("threshold", p.threshold());
                m.put("simulations", p.simulations());
                m.put("batches", p.batches());
                m.put("means", Json.named(names, p.means()));
                pops.add(m);
            }
            o.put("populations", pops);
            o.put("simulations", r.simulations());
            o.put("skipped", r.skipped());
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
            o.put("observedSeed", run.observedSeed);
            o.put("rng", r.rng().id());
            o.put("batchSize", r.batchSize());
            o.put("client", client.kind().id());
            o.put("engines", client.engines());
            o.put("wallSeconds", wall);
            o.putAll(recorder.json());
            out.println(Json.write(o));
        } else {
            out.print(r.summary());
            for (int i = 0; i < r.populations().size(); i++) {
                Population p = r.populations().get(i);
                StringBuilder means = new StringBuilder();
                double[] m = p.means();
                for (int k = 0; k < names.size(); k++) {
                    means.append(k == 0 ? "" : ", ")
                            .append(names.get(k))
                            .append(": ")
                            .append(String.format(Locale.ROOT, "%.3g", m[k]));
                }
                out.printf(
                        Locale.ROOT,
                        "Population %d: round threshold %s, threshold %s, %d simulations, means %s%n",
                        i,
                        Json.num(p.roundThreshold()),
                        String.format(Locale.ROOT, "%.3g", p.threshold()),
                        p.simulations(),
                        means);
            }
            out.print(run.seedLine(r));
            out.print(recorder.line());
            out.printf(
                    Locale.ROOT,
                    "Wall time: %.3f s on the %s client (%d engine%s)%n",
                    wall,
                    client.kind().id(),
                    client.engines(),
                    client.engines() == 1 ? "" : "s");
        }
    }
}
