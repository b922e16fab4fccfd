package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.api.ClientKind;
import io.simrt.inference.results.SampleExport;
import io.simrt.inference.results.SamplePlots;
import io.simrt.inference.smc.ExpSparseHeuristic;
import io.simrt.inference.smc.Heuristic;
import io.simrt.inference.smc.PghHeuristic;
import io.simrt.inference.smc.Prior;
import io.simrt.inference.smc.SmcExperiments;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.smc.SmcUpdater;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import io.simrt.models.random.Seeds;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.model.ParallelizedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
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

/**
 * {@code simrt smc}: QInfer's sequential Monte Carlo particle filter (Liu-West resampling) learning a model's
 * parameters from outcomes simulated at the true parameters. With the local or cluster client the likelihood goes
 * through a parallelized model: the filter does not know. The run store keeps each update and a checkpoint
 * (docs/run-store.md), from which {@code simrt resume} goes on.
 */
@Command(
        name = "smc",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "SMC particle filter (QInfer): learn model parameters from simulated experiments.")
final class SmcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "precession",
            description = "Model: precession, unknown-t2 or rabi (a damped Rabi oscillation integrated numerically), "
                    + "or the class name of a model implementing io.simrt.models.Model with a public no-arg "
                    + "constructor (needs --prior-bounds and --true-params). Default: ${DEFAULT-VALUE}.")
    String model;

    @Mixin
    ModelJarOptions jarOptions = new ModelJarOptions();

    @Option(
            names = "--prior-bounds",
            split = ",",
            paramLabel = "LO:HI",
            description = "A uniform prior, one lo:hi pair per parameter. Default: the built-in model's prior.")
    List<String> priorBounds;

    @Option(names = "--particles", defaultValue = "10000", description = "Particles. Default: ${DEFAULT-VALUE}.")
    int particles;

    @Option(names = "--experiments", defaultValue = "100", description = "Experiments. Default: ${DEFAULT-VALUE}.")
    int experiments;

    @Option(
            names = {"--true-params", "--truth"},
            split = ",",
            paramLabel = "X1,X2",
            description =
                    "Parameters the data are simulated from. Default: precession 1.0; unknown-t2 and rabi 1.0,0.1.")
    List<Double> trueParams;

    @Option(
            names = "--heuristic",
            defaultValue = "linspace",
            description = "Experiment design: linspace (t = linspace(1, 10, experiments), QInfer's test), exp-sparse "
                    + "(t_k = (9/8)^k) or pgh (particle guess heuristic). Default: ${DEFAULT-VALUE}.")
    String heuristic;

    @Option(names = "--seed", description = "Seed of the data and the filter. Default: a fresh one, printed.")
    Long seed;

    @Option(
            names = "--serial-threshold",
            description =
                    "Particles at or below which likelihoods stay in this " + "thread. Default: 10 x engines (QInfer).")
    Integer serialThreshold;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Mixin
    DashboardOptions dashboardOptions = new DashboardOptions();

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    boolean json;

    @Option(names = "--output", paramLabel = "FILE.csv", description = "Write the final particles and weights as CSV.")
    Path output;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the posterior (histogram or pair plot).")
    Path plot;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(
            names = "--checkpoint-every",
            defaultValue = "1",
            paramLabel = "N",
            description = "Store the particles, weights and streams after every N-th update (and the last); "
                    + "simrt resume goes on from the last one. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Override
    public Integer call() {
        if (particles <= 0) {
            throw new UsageException("--particles must be > 0, got " + particles);
        }
        if (experiments <= 0) {
            throw new UsageException("--experiments must be > 0, got " + experiments);
        }
        if (serialThreshold != null && serialThreshold < 0) {
            throw new UsageException("--serial-threshold must be >= 0, got " + serialThreshold);
        }
        heuristic = heuristic.toLowerCase(Locale.ROOT); // like every enumerated value: any case
        if (!List.of("linspace", "exp-sparse", "pgh").contains(heuristic)) {
            throw new UsageException("unknown heuristic '" + heuristic + "'; use linspace, exp-sparse or pgh");
        }
        if (checkpointEvery <= 0) {
            throw new UsageException("--checkpoint-every must be > 0, got " + checkpointEvery);
        }
        try (ModelClassLoader code = jarOptions.open();
                RunRecorder recorder = RunRecorder.open(store)) {
            return run(code, recorder);
        }
    }

    private int run(ModelClassLoader code, RunRecorder recorder) {
        SmcModels.Entry entry = SmcModels.resolve(model, code);
        Prior prior = prior(entry);
        double[] truth = truth(entry);
        Path csv = output == null ? null : OutputFiles.checkWritable("--output", output);
        Path png = plot == null ? null : OutputFiles.checkWritable("--plot", plot);
        long masterSeed = seed != null ? seed : Seeds.fresh();
        RandomStreams streams = RandomStreams.of(RngFamily.FAST, masterSeed);
        clientOptions.allowPackages(
                jarOptions.allowedWith(List.of(entry.model().getClass().getName())));
        try (Client client = clientOptions.open();
                CliDashboard dashboard = CliDashboard.start(dashboardOptions, client, spec)) {
            dashboard.begin("smc", model, entry.model().modelParamNames());
            Model used = entry.model();
            if (client instanceof RuntimeClient rc) {
                used = serialThreshold != null
                        ? ParallelizedModel.of(entry.model(), rc, serialThreshold)
                        : ParallelizedModel.of(entry.model(), rc);
            }
            SmcUpdater updater = SmcUpdater.builder(used, particles, prior)
                    .rng(streams.root())
                    .build();
            Heuristic design = design(updater);
            ModelParams truthRow = ModelParams.of(1, truth.length, truth);
            SmcJournal journal = recorder.beginSmc(
                    new RunRecorder.SmcDraft(
                            AbcRunOptions.commandLine(spec),
                            model,
                            entry.model().modelParamNames(),
                            entry.model().getClass().getName() + " " + prior,
                            truth,
                            jarOptions.jars,
                            masterSeed,
                            RngFamily.FAST,
                            particles,
                            "experiments " + experiments + ", heuristic " + heuristic),
                    client);
            SmcExperiments run = new SmcExperiments(updater, design, entry.model(), truthRow, streams.block(0));
            long t0 = System.nanoTime();
            try (ProgressReporter progress = ProgressReporter.create(!noProgress, "SMC", "experiments", System.err)) {
                var shown = dashboard.progress(progress);
                run.run(
                        experiments,
                        checkpointEvery,
                        dashboard.smcJournal(journal, experiments),
                        k -> shown.batches(k, experiments));
                recorder.done(updater.posterior(), experiments);
                dashboard.finished(true);
            } catch (RuntimeException | Error e) {
                dashboard.finished(false);
                recorder.failed(e);
                throw e;
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            if (csv != null) {
                SampleExport.writeCsv(updater.posterior(), Optional.empty(), csv);
            }
            if (png != null) {
                SamplePlots.plot(
                        updater.posterior(),
                        png,
                        SamplePlots.Options.defaults()
                                .withTitle("SMC posterior, " + model + ": " + particles + " particles, " + experiments
                                        + " experiments"));
            }
            print(entry, truth, updater, wall, client, masterSeed, recorder);
        }
        return 0;
    }

    private Prior prior(SmcModels.Entry entry) {
        if (priorBounds != null) {
            return SmcModels.priorBounds(priorBounds, entry.model());
        }
        return entry.prior()
                .orElseThrow(() -> new UsageException(
                        "--model " + model + " needs --prior-bounds lo:hi,... (one pair per parameter "
                                + entry.model().modelParamNames() + ")"));
    }

    private double[] truth(SmcModels.Entry entry) {
        if (trueParams == null) {
            return entry.defaultTruth()
                    .orElseThrow(() -> new UsageException("--model " + model + " needs --true-params x1,... (one "
                            + "value per parameter " + entry.model().modelParamNames() + ")"));
        }
        double[] t = trueParams.stream().mapToDouble(Double::doubleValue).toArray();
        if (t.length != entry.model().nModelParams()) {
            throw new UsageException("--true-params has " + t.length + " values; " + model + " has "
                    + entry.model().nModelParams() + " parameters "
                    + entry.model().modelParamNames());
        }
        boolean[] valid = entry.model().areModelsValid(ModelParams.of(1, t.length, t));
        if (!valid[0]) {
            throw new UsageException("--true-params " + trueParams + " lie outside the domain of " + model);
        }
        return t;
    }

    private Heuristic design(SmcUpdater updater) {
        return switch (heuristic) {
            case "exp-sparse" -> ExpSparseHeuristic.of(updater);
            case "pgh" -> PghHeuristic.builder(updater).noInversionField().build();
            default ->
                () -> { // the k-th experiment, k = the updater's data so far: a checkpoint restores it
                    int k = updater.dataRecord().length;
                    double t = experiments == 1 ? 1 : 1 + 9.0 * k / (experiments - 1);
                    return ExpParams.times(t);
                };
        };
    }

    private void print(
            SmcModels.Entry entry,
            double[] truth,
            SmcUpdater u,
            double wall,
            Client client,
            long seed,
            RunRecorder recorder) {
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = entry.model().modelParamNames();
        double[] mean = u.estMean();
        double[] cov = u.estCovariance();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", "SMC");
            o.put("model", model);
            o.put("particles", particles);
            o.put("experiments", experiments);
            o.put("heuristic", heuristic);
            o.put("trueParams", Json.named(names, truth));
            o.put("means", Json.named(names, mean));
            o.put("covariance", Json.matrix(names, cov));
            o.put("resamples", u.resampleCount());
            o.put("minEss", u.minEss());
            o.put("logTotalLikelihood", u.logTotalLikelihood());
            o.put("seed", seed);
            o.put("wallSeconds", wall);
            o.put("client", client.kind().id());
            o.put("engines", client.engines());
            o.putAll(recorder.json());
            out.println(Json.write(o));
            return;
        }
        out.printf(Locale.ROOT, "Method: SMC particle filter, Liu-West resampling (a = 0.98)%n");
        out.printf(Locale.ROOT, "Model: %s (%s)%n", model, entry.model().name());
        out.printf(Locale.ROOT, "Particles: %d, experiments: %d (%s)%n", particles, experiments, heuristic);
        out.printf(Locale.ROOT, "Resamples: %d, minimum effective sample size: %.1f%n", u.resampleCount(), u.minEss());
        out.printf(Locale.ROOT, "%-10s %12s %12s %12s%n", "Parameter", "True", "Mean", "Std");
        for (int p = 0; p < names.size(); p++) {
            out.printf(
                    Locale.ROOT,
                    "%-10s %12.5f %12.5f %12.5f%n",
                    names.get(p) + ":",
                    truth[p],
                    mean[p],
                    Math.sqrt(Math.max(0, cov[p * names.size() + p])));
        }
        out.printf(Locale.ROOT, "%nSeed: %d%n", seed);
        out.print(recorder.line());
        out.printf(
                Locale.ROOT,
                "Wall time: %.3f s on the %s client (%d engine%s)%n",
                wall,
                client.kind().id(),
                client.engines(),
                client.engines() == 1 ? "" : "s");
        if (client.kind() != ClientKind.NATIVE && u.model() instanceof ParallelizedModel pm) {
            out.printf(Locale.ROOT, "Likelihoods of more than %d particles ran on the engines%n", pm.serialThreshold());
        }
    }
}
