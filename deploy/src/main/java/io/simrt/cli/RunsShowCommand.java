package io.simrt.cli;

import io.simrt.inference.results.SamplePlots;
import io.simrt.inference.store.RunInfo;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import io.simrt.inference.store.StoredPopulation;
import io.simrt.inference.store.StoredResult;
import java.io.PrintWriter;
import java.nio.file.Path;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simrt runs show RUN_ID}: everything the store holds about one run, and with {@code --plot} its final
 * population drawn again.
 */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a stored run: its settings, command line, hashes, status, and per population its"
                + " threshold, simulations, batches and means.")
final class RunsShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id, or the start of it.")
    String id;

    @Mixin
    RunsStoreOption store = new RunsStoreOption();

    @Option(names = "--json", description = "Print one JSON object: the run's fields and its populations.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the final population (pair plot).")
    Path plot;

    @Override
    public Integer call() {
        StoreLocation location = store.location();
        Path png = plot == null ? null : OutputFiles.checkWritable("--plot", plot);
        RunInfo run;
        List<StoredPopulation> populations;
        StoredResult last = null;
        try (RunStore s = RunsStoreOption.openFor(location, id)) {
            run = s.find(id)
                    .orElseThrow(() ->
                            new UsageException("no run '" + id + "' in " + location.display() + " (simrt runs list)"));
            populations = s.populations(run.id());
            if (png != null) {
                last = s.result(run.id());
            }
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
        if (last != null) {
            SamplePlots.plot(
                    last.sample(),
                    png,
                    SamplePlots.Options.defaults()
                            .withTitle("Run " + run.id() + ", " + run.kind() + " " + run.modelName() + ": population "
                                    + last.population().index() + " of "
                                    + last.sample().size()
                                    + (run.kind().equals("abc") ? "" : " (weighted)")));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = RunFields.all(run);
            o.put("store", location.display());
            o.put(
                    "populations",
                    populations.stream().map(p -> population(run, p)).toList());
            out.println(Json.write(o));
        } else {
            text(out, location, run, populations);
        }
        return 0;
    }

    private static Map<String, Object> population(RunInfo run, StoredPopulation p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("population", p.index());
        m.put("roundThreshold", p.roundThreshold());
        m.put("threshold", p.threshold());
        m.put("simulations", p.simulations());
        m.put("batches", p.batches());
        m.put("samples", p.sample().size());
        m.put("means", Json.named(run.parameterNames(), p.sample().means()));
        return m;
    }

    private static void text(PrintWriter out, StoreLocation location, RunInfo r, List<StoredPopulation> pops) {
        out.printf(Locale.ROOT, "Run %s in %s%n", r.id(), location.display());
        out.printf(
                Locale.ROOT,
                "Status:     %s%s%n",
                r.status().id(),
                r.message().isEmpty() ? "" : " (" + r.message() + ")");
        out.printf(Locale.ROOT, "Command:    simrt %s%n", String.join(" ", r.command()));
        out.printf(Locale.ROOT, "Kind:       %s, %s%n", r.kind(), r.objective());
        out.printf(Locale.ROOT, "Model:      %s (%s)%n", r.modelName(), String.join(", ", r.parameterNames()));
        out.printf(
                Locale.ROOT,
                "Hashes:     spec %s, observed data %s, code %s%n",
                RunFields.abbrev(r.specHash()),
                RunFields.abbrev(r.observedHash()),
                RunFields.abbrev(r.codeHash()));
        out.printf(
                Locale.ROOT,
                "Settings:   seed %d, --rng %s, --batch-size %d, --samples %d, --keep %s%n",
                r.seed(),
                r.rng().id(),
                r.batchSize(),
                r.samples(),
                RunFields.keep(r));
        out.printf(
                Locale.ROOT,
                "Ran on:     the %s client, %d engine%s, simrt %s%n",
                r.client(),
                r.engines(),
                r.engines() == 1 ? "" : "s",
                r.simrtVersion());
        out.printf(
                Locale.ROOT,
                "Time:       started %s, ended %s%n",
                r.startedAt(),
                r.endedAt().map(Object::toString).orElse("-"));
        out.printf(Locale.ROOT, "Batches:    %d run, %d reused%n", r.batchesRun(), r.batchesReused());
        if (pops.isEmpty()) {
            out.println("Populations: none stored");
        }
        for (StoredPopulation p : pops) {
            List<String> means = new ArrayList<>();
            double[] m = p.sample().means();
            for (int k = 0; k < m.length; k++) {
                means.add(r.parameterNames().get(k) + ": " + String.format(Locale.ROOT, "%.4g", m[k]));
            }
            out.printf(
                    Locale.ROOT,
                    "Population %d: round threshold %s, threshold %s, %d simulations, %d batches, %d samples, means %s%n",
                    p.index(),
                    Double.isNaN(p.roundThreshold()) ? "none" : Double.toString(p.roundThreshold()),
                    p.threshold(),
                    p.simulations(),
                    p.batches(),
                    p.sample().size(),
                    String.join(", ", means));
        }
    }
}
