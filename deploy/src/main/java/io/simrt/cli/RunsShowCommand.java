package io.simrt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.inference.results.SamplePlots;
import io.simrt.inference.store.RunInfo;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import io.simrt.inference.store.StoredPopulation;
import io.simrt.inference.store.StoredResult;
import io.simrt.inference.store.StoredSmcUpdate;
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
 * population drawn again. An {@code smc} run shows its updates instead of batches: how many are stored, and the
 * last one's experiment count and posterior means; its population 0 is its final posterior.
 */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a stored run: its settings, command line, hashes, status, and per population its"
                + " threshold, simulations, batches and means (smc: its updates, the last one's means).")
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
        List<StoredSmcUpdate> updates;
        StoredResult last = null;
        try (RunStore s = RunsStoreOption.openFor(location, id)) {
            run = s.find(id)
                    .orElseThrow(() ->
                            new UsageException("no run '" + id + "' in " + location.display() + " (simrt runs list)"));
            populations = s.populations(run.id());
            updates = s.smcUpdates(run.id());
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
            if (run.kind().equals("smc")) {
                o.put("updates", updates.size());
                o.put("lastUpdate", updates.isEmpty() ? null : update(run, updates.get(updates.size() - 1)));
            }
            out.println(Json.write(o));
        } else {
            text(out, location, run, populations);
            if (run.kind().equals("smc")) {
                updates(out, run, updates);
            }
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

    private static Map<String, Object> update(RunInfo run, StoredSmcUpdate u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiments", u.experiments());
        try {
            m.put("experiment", new ObjectMapper().readValue(u.experiment(), LinkedHashMap.class));
        } catch (JsonProcessingException e) {
            throw new UsageException("run " + run.id() + ", update " + u.experiments() + ": its experiment is not"
                    + " JSON (" + e.getOriginalMessage() + "); the store is damaged");
        }
        m.put("outcome", u.outcome());
        m.put("means", Json.named(run.parameterNames(), u.means()));
        m.put("resamples", u.resamples());
        m.put("nEss", u.nEss());
        m.put("checkpoint", u.checkpoint());
        return m;
    }

    private static void updates(PrintWriter out, RunInfo r, List<StoredSmcUpdate> updates) {
        if (updates.isEmpty()) {
            out.println("Updates:    none stored");
            return;
        }
        StoredSmcUpdate u = updates.get(updates.size() - 1);
        int checkpoint = updates.stream()
                .filter(StoredSmcUpdate::checkpoint)
                .mapToInt(StoredSmcUpdate::experiments)
                .max()
                .orElse(0);
        out.printf(
                Locale.ROOT,
                "Updates:    %d stored, the last checkpoint after experiment %d%n",
                updates.size(),
                checkpoint);
        out.printf(
                Locale.ROOT,
                "Last update: %d experiments (the last %s, outcome %d), %d resamples, means %s%n",
                u.experiments(),
                u.experiment(),
                u.outcome(),
                u.resamples(),
                means(r, u.means()));
    }

    private static String means(RunInfo r, double[] m) {
        List<String> means = new ArrayList<>();
        for (int k = 0; k < m.length; k++) {
            means.add(r.parameterNames().get(k) + ": " + String.format(Locale.ROOT, "%.4g", m[k]));
        }
        return String.join(", ", means);
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
        if (r.kind().equals("smc")) {
            out.printf(Locale.ROOT, "Settings:   seed %d, --particles %d%n", r.seed(), r.samples());
        } else {
            out.printf(
                    Locale.ROOT,
                    "Settings:   seed %d, --rng %s, --batch-size %d, --samples %d, --keep %s%n",
                    r.seed(),
                    r.rng().id(),
                    r.batchSize(),
                    r.samples(),
                    RunFields.keep(r));
        }
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
        if (!r.kind().equals("smc")) {
            out.printf(Locale.ROOT, "Batches:    %d run, %d reused%n", r.batchesRun(), r.batchesReused());
        }
        if (pops.isEmpty()) {
            out.println(
                    r.kind().equals("smc")
                            ? "Posterior:  none stored (the run has not ended)"
                            : "Populations: none stored");
        }
        for (StoredPopulation p : pops) {
            if (r.kind().equals("smc")) {
                out.printf(
                        Locale.ROOT,
                        "Posterior:  %d particles (weighted) after %d experiments, means %s%n",
                        p.sample().size(),
                        p.simulations(),
                        means(r, p.sample().means()));
                continue;
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
                    means(r, p.sample().means()));
        }
    }
}
