package io.simrt.cli;

import io.simrt.inference.results.SampleExport;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import io.simrt.inference.store.StoredResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simrt runs export RUN_ID}: the samples of a stored run's final (or given) population, with their weights
 * (ABC-SMC) and distances, as the CSV of {@code abc --output} or as JSON ({@link SampleExport}).
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write a stored run's samples (weights for abc-smc, and distances) as CSV, as abc --output does,"
                + " or JSON; to stdout, or to --output FILE.")
final class RunsExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id, or the start of it.")
    String id;

    @Mixin
    RunsStoreOption store = new RunsStoreOption();

    @Option(
            names = "--format",
            defaultValue = "csv",
            paramLabel = "csv|json",
            description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--population",
            paramLabel = "N",
            description = "The population to export, from 0. Default: the final one.")
    Integer population;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        boolean csv = switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> true;
            case "json" -> false;
            default -> throw new UsageException("--format must be csv or json, not '" + format + "'");
        };
        if (population != null && population < 0) {
            throw new UsageException("--population must be >= 0, got " + population);
        }
        StoreLocation location = store.location();
        Path file = output == null ? null : OutputFiles.checkWritable("--output", output);
        StoredResult r;
        try (RunStore s = RunsStoreOption.openFor(location, id)) {
            r = population == null ? s.result(id) : s.result(id, population);
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
        Optional<double[]> distances = Optional.of(r.distances());
        if (file == null) {
            PrintWriter out = spec.commandLine().getOut();
            if (csv) {
                SampleExport.writeCsv(r.sample(), distances, out);
            } else {
                SampleExport.writeJson(r.sample(), distances, out);
            }
        } else if (csv) {
            SampleExport.writeCsv(r.sample(), distances, file);
        } else {
            SampleExport.writeJson(r.sample(), distances, file);
        }
        return 0;
    }
}
