package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.inference.store.RunInfo;
import io.simrt.inference.store.RunStatus;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreLocation;
import io.simrt.inference.store.StoredRun;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt bench store}: what the run store costs. MA2 rejection ABC on the chosen client three ways in turn, in
 * each rep: without a store, with an SQLite store keeping candidates (the default), and keeping every simulation. Each
 * stored run gets a new store file, so nothing is reused, and its time includes waiting for the last commit. Reports
 * the medians, the ratios to the run without a store, and the store's bytes per simulation.
 */
@Command(name = "store", mixinStandardHelpOptions = true, description = "What the run store costs a run.")
final class StoreBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--simulations", defaultValue = "1000000", description = "Default: ${DEFAULT-VALUE}.")
    long simulations;

    @Option(names = "--samples", defaultValue = "5000", description = "Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--batch-size", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--dir", description = "Where the store files go. Default: a temporary directory, deleted after.")
    Path dir;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Mixin
    BenchOptions bench = new BenchOptions();

    private enum Way {
        NONE,
        CANDIDATES,
        SIMULATIONS
    }

    @Override
    public Integer call() throws IOException {
        if (simulations <= 0 || samples <= 0 || batchSize <= 0 || samples > simulations) {
            throw new UsageException("need 0 < --samples <= --simulations and --batch-size > 0");
        }
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("simrt-bench-store");
        Ma2Abc model = Ma2Abc.observedFrom(RngFamily.FAST, 4, 0.6, 0.2, 100);
        Map<Way, List<Double>> times = new LinkedHashMap<>();
        Map<Way, List<Double>> bytesPerSim = new LinkedHashMap<>();
        List<Double> openSeconds = new ArrayList<>();
        for (Way w : Way.values()) {
            times.put(w, new ArrayList<>());
            bytesPerSim.put(w, new ArrayList<>());
        }
        try (Client client = clientOptions.open()) {
            int runs = bench.warmupRuns() + bench.repRuns();
            for (int rep = 0; rep < runs; rep++) {
                for (Way w : Way.values()) {
                    Path file = root.resolve("runs-" + rep + "-" + w + ".db");
                    double[] r = run(model, client, w, file);
                    if (rep >= bench.warmupRuns()) {
                        times.get(w).add(r[0]);
                        bytesPerSim.get(w).add(r[1]);
                        if (w != Way.NONE) {
                            openSeconds.add(r[2]);
                        }
                    }
                }
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("benchmark", "store");
            o.put("simulations", simulations);
            o.put("samples", samples);
            o.put("batchSize", batchSize);
            o.put("client", client.kind().id());
            o.put("engines", client.engines());
            double none = median(times.get(Way.NONE));
            for (Way w : Way.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                double t = median(times.get(w));
                m.put("wallSeconds", t);
                m.put("runs", times.get(w));
                m.put("ratioToNone", t / none);
                m.put("storeBytesPerSimulation", median(bytesPerSim.get(w)));
                o.put(w.name().toLowerCase(java.util.Locale.ROOT), m);
            }
            o.put("storeOpenSeconds", median(openSeconds));
            spec.commandLine().getOut().println(Json.write(o));
        } finally {
            if (dir == null) {
                try (Stream<Path> all = Files.walk(root)) {
                    all.sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    /** One run: its seconds, its store's bytes per simulation, and the seconds opening the store took. */
    private double[] run(Ma2Abc model, Client client, Way way, Path file) {
        RunStore store = null;
        StoredRun run = null;
        double open = 0;
        BatchJournal journal = BatchJournal.NONE;
        if (way != Way.NONE) {
            long o0 = System.nanoTime();
            store = RunStore.open(StoreLocation.sqlite(file));
            open = (System.nanoTime() - o0) / 1e9;
            run = store.start(info(model, client, way == Way.SIMULATIONS), false, RunStore.FailurePolicy.FAIL);
            journal = run;
        }
        try {
            RejectionAbc abc = RejectionAbc.builder(model, client)
                    .seed(20170530)
                    .batchSize(batchSize)
                    .journal(journal)
                    .build();
            long t0 = System.nanoTime();
            var result = abc.sample(samples, Objective.simulations(simulations));
            if (run != null) {
                run.result(result);
                run.finish(RunStatus.DONE, "");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new double[] {seconds, way == Way.NONE ? 0 : size(file) / (double) result.simulations(), open};
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private RunInfo info(Ma2Abc model, Client client, boolean keepAll) {
        return new RunInfo(
                "",
                "abc",
                RunStatus.RUNNING,
                List.of("bench", "store"),
                model.name(),
                model.parameterNames(),
                model.spec().toString(),
                RunRecorder.sha256(model.spec().toString()),
                "",
                "",
                20170530,
                RngFamily.FAST,
                batchSize,
                samples,
                "simulations " + simulations,
                "",
                keepAll,
                "bench",
                client.kind().id(),
                client.engines(),
                Instant.now(),
                Optional.empty(),
                0,
                0,
                "");
    }

    /** The store file with its write-ahead log and shared-memory files. */
    private static long size(Path file) {
        long total = 0;
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            try {
                total += Files.exists(f) ? Files.size(f) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : BenchOptions.median(v);
    }
}
