package io.simrt.cli;

import io.simrt.inference.store.RunInfo;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import java.io.PrintWriter;
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

/** {@code simrt runs list}: the stored runs, newest first, as a table or one JSON object. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the stored runs, newest first.")
final class RunsListCommand implements Callable<Integer> {
    private static final String[] HEADER = {"ID", "KIND", "STATUS", "MODEL", "SAMPLES", "RUN/REUSED", "STARTED", "ENDED"
    };

    @Spec
    CommandSpec spec;

    @Mixin
    RunsStoreOption store = new RunsStoreOption();

    @Option(names = "--json", description = "Print one JSON object: the store and its runs.")
    boolean json;

    @Override
    public Integer call() {
        StoreLocation location = store.location();
        List<RunInfo> runs = List.of();
        Optional<RunStore> opened = RunsStoreOption.open(location);
        if (opened.isPresent()) {
            try (RunStore s = opened.get()) {
                runs = s.runs();
            } catch (StoreException e) {
                throw new UsageException(e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("store", location.display());
            o.put("runs", runs.stream().map(RunFields::summary).toList());
            out.println(Json.write(o));
            return 0;
        }
        out.println("Runs in " + location.display() + (opened.isEmpty() ? " (no such store yet)" : "") + ":");
        if (runs.isEmpty()) {
            out.println("none");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RunInfo r : runs) {
            rows.add(new String[] {
                r.id(),
                r.kind(),
                r.status().id(),
                r.modelName(),
                Integer.toString(r.samples()),
                // an smc run counts its updates in these fields
                r.batchesRun() + "/" + r.batchesReused() + ("smc".equals(r.kind()) ? " updates" : " batches"),
                RunFields.time(Optional.of(r.startedAt())),
                RunFields.time(r.endedAt())
            });
        }
        print(out, rows);
        return 0;
    }

    /** Columns padded to their widest cell, two spaces apart. */
    private static void print(PrintWriter out, List<String[]> rows) {
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + width[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
