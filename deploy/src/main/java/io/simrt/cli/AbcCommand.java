package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.models.abc.AbcModel;
import java.io.PrintWriter;
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

/** {@code simrt abc}: rejection ABC (ELFI's {@code Rejection}). */
@Command(
        name = "abc",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Rejection ABC: simulate from the prior and keep the samples nearest the observed data.")
final class AbcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--samples", defaultValue = "5000", description = "Samples to keep. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--simulations", description = "Total simulations (rounded up to whole batches).")
    Long simulations;

    @Option(
            names = "--quantile",
            description = "Keep this quantile of the simulations: simulations = samples / quantile. "
                    + "The default when neither --simulations nor --threshold is given: 0.01.")
    Double quantile;

    @Option(
            names = "--threshold",
            description = "Accept distances <= T; run until --samples are accepted "
                    + "(--simulations then only sets the first estimate).")
    Double threshold;

    @Option(
            names = "--batch-size",
            defaultValue = "10000",
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
        run.prepare(batchSize);
        Objective objective = objective();
        try (ModelClassLoader code = run.openModelCode();
                RunRecorder recorder = RunRecorder.open(run.store)) {
            return run(objective, run.resolveModel(code, clientOptions).model(), recorder);
        }
    }

    private int run(Objective objective, AbcModel abcModel, RunRecorder recorder) {
        AbcResult result;
        double wall;
        try (Client client = clientOptions.open();
                CliDashboard dashboard = CliDashboard.start(dashboardOptions, client, spec)) {
            dashboard.begin("abc", run.model.given(), abcModel.parameterNames());
            var journal = recorder.begin(
                    run.draft(
                            "abc",
                            spec,
                            abcModel,
                            batchSize,
                            samples,
                            objective.toString(),
                            threshold == null ? "" : Double.toString(threshold)),
                    client);
            ProgressReporter progress = ProgressReporter.create(!run.noProgress, "ABC", "batches", System.err);
            RejectionAbc abc = RejectionAbc.builder(abcModel, client)
                    .seed(run.masterSeed())
                    .batchSize(batchSize)
                    .rng(run.family())
                    .maxParallelBatches(run.maxParallelBatches)
                    .journal(dashboard.journal(journal))
                    .build();
            long t0 = System.nanoTime();
            try {
                result = abc.sample(samples, objective, dashboard.progress(progress));
                recorder.done(result);
                dashboard.finished(true);
            } catch (RuntimeException | Error e) {
                dashboard.finished(false);
                recorder.failed(e);
                throw e;
            } finally {
                progress.close();
            }
            wall = (System.nanoTime() - t0) / 1e9;
            run.writeOutputs(
                    result,
                    "Rejection ABC, " + run.model.given() + ": "
                            + result.sample().size() + " samples of " + result.simulations() + " simulations");
            print(result, wall, client, recorder);
        }
        return 0;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private Objective objective() {
        if (quantile != null && (simulations != null || threshold != null)) {
            throw new UsageException("--quantile cannot be combined with --simulations or --threshold");
        }
        if (quantile != null) {
            if (!(quantile > 0 && quantile <= 1)) {
                throw new UsageException("--quantile must lie in (0, 1], got " + quantile);
            }
            return Objective.quantile(quantile);
        }
        if (simulations != null && simulations <= 0) {
            throw new UsageException("--simulations must be > 0, got " + simulations);
        }
        if (threshold != null) {
            if (!(threshold >= 0) || threshold.isInfinite()) {
                throw new UsageException("--threshold must be finite and >= 0, got " + threshold);
            }
            return simulations != null ? Objective.threshold(threshold, simulations) : Objective.threshold(threshold);
        }
        if (simulations != null) {
            if (samples > simulations) {
                throw new UsageException(
                        "--samples (" + samples + ") must not exceed --simulations (" + simulations + ")");
            }
            return Objective.simulations(simulations);
        }
        return Objective.defaults();
    }

    private void print(AbcResult r, double wall, Client client, RunRecorder recorder) {
        if (run.json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", r.method());
            o.put("model", run.model.given());
            o.put("samples", r.sample().size());
            o.put("simulations", r.simulations());
            o.put("skipped", r.skipped());
            o.put("batches", r.batches());
            o.put("batchSize", r.batchSize());
            o.put("threshold", r.threshold());
            o.put("acceptRate", r.acceptRate());
            o.put("means", Json.named(r.parameterNames(), r.sample().means()));
            Map<String, Object> ci = new LinkedHashMap<>();
            List<double[]> intervals = r.sample().intervals95();
            for (int p = 0; p < r.sample().dim(); p++) {
                ci.put(r.parameterNames().get(p), intervals.get(p));
            }
            o.put("intervals95", ci);
            o.put("seed", r.seed());
            o.put("observedSeed", run.observedSeed);
            o.put("rng", r.rng().id());
            o.put("client", client.kind().id());
            o.put("engines", client.engines());
            o.put("wallSeconds", wall);
            o.put("simulationsPerSecond", r.simulations() / wall);
            o.putAll(recorder.json());
            out().println(Json.write(o));
        } else {
            out().print(r.summary());
            out().print(run.seedLine(r));
            out().print(recorder.line());
            out().printf(
                            Locale.ROOT,
                            "Wall time: %.3f s, %,.0f simulations/s on the %s client (%d engine%s)%n",
                            wall,
                            r.simulations() / wall,
                            client.kind().id(),
                            client.engines(),
                            client.engines() == 1 ? "" : "s");
        }
    }
}
