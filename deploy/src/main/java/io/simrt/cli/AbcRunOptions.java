package io.simrt.cli;

import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.results.SampleExport;
import io.simrt.inference.results.SamplePlots;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.Seeds;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code abc} and {@code abc-smc} share: the model and its observed data, streams, outputs. */
final class AbcRunOptions {
    @Mixin
    AbcModelOptions model = new AbcModelOptions();

    @Option(names = "--seed", description = "Master seed (0 to 2^32-1 for --rng elfi). Default: a fresh one, printed.")
    Long seed;

    @Option(
            names = "--observed-seed",
            defaultValue = "4",
            description = "Seed of the observed data, simulated from the true parameters. Default: ${DEFAULT-VALUE}.")
    long observedSeed;

    @Option(
            names = "--rng",
            defaultValue = "fast",
            description = "Random streams: fast or elfi (numpy/ELFI parity). " + "Default: ${DEFAULT-VALUE}.")
    String rng;

    @Option(
            names = "--max-parallel-batches",
            defaultValue = "0",
            description = "Batches in flight at most. Default: the client's parallelism.")
    int maxParallelBatches;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    boolean json;

    @Option(
            names = "--output",
            paramLabel = "FILE.csv",
            description = "Write the samples (weights if any) and " + "distances as CSV.")
    Path output;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw a pair plot (histogram for one parameter).")
    Path plot;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Mixin
    StoreOptions store = new StoreOptions();

    private Path csv;
    private Path png;
    private long masterSeed;

    /** Checks what can be checked before a run (output paths, stream family, batch size) and picks the seed. */
    void prepare(int batchSize) {
        if (batchSize <= 0) {
            throw new UsageException("--batch-size must be > 0, got " + batchSize);
        }
        family();
        csv = output == null ? null : OutputFiles.checkWritable("--output", output);
        png = plot == null ? null : OutputFiles.checkWritable("--plot", plot);
        masterSeed = seed != null ? seed : Seeds.fresh();
    }

    RngFamily family() {
        return RngFamily.parse(rng);
    }

    long masterSeed() {
        return masterSeed;
    }

    /**
     * Opens the model jars (the calling thread's context class loader until closed), resolves the model and allows
     * its packages on {@code client}'s engines.
     */
    ModelClassLoader openModelCode() {
        return model.jars.open();
    }

    ModelResolver.Resolved resolveModel(ModelClassLoader code, ClientOptions client) {
        ModelResolver.Resolved resolved = new ModelResolver(code).resolve(model, family(), observedSeed);
        client.allowPackages(model.jars.allowedWith(resolved.classNames()));
        return resolved;
    }

    void writeOutputs(AbcResult result, String title) {
        if (csv != null) {
            SampleExport.writeCsv(result.sample(), Optional.of(result.distances()), csv);
        }
        if (png != null) {
            SamplePlots.plot(
                    result.sample(), png, SamplePlots.Options.defaults().withTitle(title));
        }
    }

    /** The command line this run was started with (the subcommand first), for the run store. */
    static List<String> commandLine(picocli.CommandLine.Model.CommandSpec spec) {
        return List.copyOf(spec.root().commandLine().getParseResult().originalArgs());
    }

    /** What the run store records of this run before it starts ({@link #prepare} has picked the seed). */
    RunRecorder.Draft draft(
            String kind,
            picocli.CommandLine.Model.CommandSpec spec,
            AbcModel abcModel,
            int batchSize,
            int samples,
            String objective,
            String thresholdKey) {
        return new RunRecorder.Draft(
                kind,
                commandLine(spec),
                abcModel,
                jars(),
                masterSeed,
                family(),
                batchSize,
                samples,
                objective,
                thresholdKey);
    }

    /** The jars the model came from, for the run store's code hash. */
    List<Path> jars() {
        return List.copyOf(model.jars.jars);
    }

    /**
     * The line that says how to repeat the run: the seed, streams and batch size, and for a built-in model the seed
     * of its observed data (a user's model brings its own).
     */
    String seedLine(AbcResult r) {
        return String.format(
                Locale.ROOT,
                "%nSeed: %d (--rng %s, --batch-size %d%s)%n",
                r.seed(),
                r.rng().id(),
                r.batchSize(),
                model.builtIn() ? ", --observed-seed " + observedSeed : "");
    }
}
