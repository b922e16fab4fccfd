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
 * stored run gets a new store file, so nothing is reused, and its time includes storing the result, the last commit
 * and closing the store (SQLite's last checkpoint of its write-ahead log), all of which a user of {@code simrt abc}
 * waits for. Reports the medians, the ratios to the run without a store, the CPU time the process spent (all its
 * threads: engines, inference, the store's), the time from the last batch to the store closed, and the store's bytes
 * per simulation.
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
        NONE("none"),
        CANDIDATES("candidates"),
        SIMULATIONS("everySimulation");

        /** Its key in the JSON ({@code simulations} is the run's count). */
        final String key;

        Way(String key) {
            this.key = key;
        }
    }

    /** What one run measured. */
    private record Measure(
            double seconds,
            double cpuSeconds,
            double endSeconds,
            double bytesPerSim,
            double open,
            double startSeconds,
            double storeThreadCpuSeconds) {}

    @Override
    public Integer call() throws IOException {
        if (simulations <= 0 || samples <= 0 || batchSize <= 0 || samples > simulations) {
            throw new UsageException("need 0 < --samples <= --simulations and --batch-size > 0");
        }
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("simrt-bench-store");
        Ma2Abc model = Ma2Abc.observedFrom(RngFamily.FAST, 4, 0.6, 0.2, 100);
        Map<Way, List<Measure>> measured = new LinkedHashMap<>();
        for (Way w : Way.values()) {
            measured.put(w, new ArrayList<>());
        }
        double loadAtStart = loadAverage();
        try (Client client = clientOptions.open()) {
            int runs = bench.warmupRuns() + bench.repRuns();
            for (int rep = 0; rep < runs; rep++) {
                for (Way w : Way.values()) {
                    Path file = root.resolve("runs-" + rep + "-" + w + ".db");
                    Measure m = run(model, client, w, file);
                    if (rep >= bench.warmupRuns()) {
                        measured.get(w).add(m);
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
            o.put("loadAverageAtStart", loadAtStart);
            double none = median(measured.get(Way.NONE), Measure::seconds);
            double noneCpu = median(measured.get(Way.NONE), Measure::cpuSeconds);
            List<Measure> stored = new ArrayList<>();
            for (Way w : Way.values()) {
                List<Measure> ms = measured.get(w);
                Map<String, Object> m = new LinkedHashMap<>();
                double t = median(ms, Measure::seconds);
                m.put("wallSeconds", t);
                m.put("runs", ms.stream().map(Measure::seconds).toList());
                m.put("ratioToNone", t / none);
                double cpu = median(ms, Measure::cpuSeconds);
                m.put("cpuSeconds", cpu);
                m.put("cpuRuns", ms.stream().map(Measure::cpuSeconds).toList());
                m.put("cpuRatioToNone", cpu / noneCpu);
                m.put("endSeconds", median(ms, Measure::endSeconds));
                m.put("startSeconds", median(ms, Measure::startSeconds));
                m.put("storeThreadCpuSeconds", median(ms, Measure::storeThreadCpuSeconds));
                m.put("storeBytesPerSimulation", median(ms, Measure::bytesPerSim));
                o.put(w.key, m);
                if (w != Way.NONE) {
                    stored.addAll(ms);
                }
            }
            o.put("storeOpenSeconds", median(stored, Measure::open));
            o.put("loadAverageAtEnd", loadAverage());
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

    /**
     * One run: its seconds (from the run recorded in the store to the store closed), the CPU seconds of the process meanwhile, the seconds
     * from its last batch to the store closed, its store's bytes per simulation, and the seconds opening the store
     * took (before the run, not in its time: {@code simrt abc} opens it before it joins the engines).
     */
    private Measure run(Ma2Abc model, Client client, Way way, Path file) {
        RunStore store = null;
        StoredRun run = null;
        double open = 0;
        if (way != Way.NONE) {
            long o0 = System.nanoTime();
            store = RunStore.open(StoreLocation.sqlite(file));
            open = (System.nanoTime() - o0) / 1e9;
        }
        try {
            long cpu0 = BenchTargets.processCpuNanos();
            long t0 = System.nanoTime();
            if (store != null) {
                run = store.start(info(model, client, way == Way.SIMULATIONS), false, RunStore.FailurePolicy.FAIL);
            }
            long tStarted = System.nanoTime();
            RejectionAbc abc = RejectionAbc.builder(model, client)
                    .seed(20170530)
                    .batchSize(batchSize)
                    .journal(run != null ? run : BatchJournal.NONE)
                    .build();
            var result = abc.sample(samples, Objective.simulations(simulations));
            long t1 = System.nanoTime();
            double storeCpu = 0;
            if (run != null) {
                run.result(result);
                run.finish(RunStatus.DONE, "");
                storeCpu = storeThreadCpuNanos() / 1e9;
                store.close();
                store = null;
            }
            long t2 = System.nanoTime();
            long cpu1 = BenchTargets.processCpuNanos();
            double bytes = way == Way.NONE ? 0 : size(file); // closed: the write-ahead log is in the file
            return new Measure(
                    (t2 - t0) / 1e9,
                    (cpu1 - cpu0) / 1e9,
                    (t2 - t1) / 1e9,
                    bytes / result.simulations(),
                    open,
                    store == null && way != Way.NONE ? (tStarted - t0) / 1e9 : 0,
                    storeCpu);
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

    /** The store file with its write-ahead log and shared-memory files, and the runs' simulations files. */
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
        Path simulations = file.resolveSibling(file.getFileName() + ".simulations");
        if (Files.isDirectory(simulations)) {
            try (var files = Files.list(simulations)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    total += Files.size(f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    private static double median(List<Measure> measures, java.util.function.ToDoubleFunction<Measure> field) {
        double[] v = measures.stream().mapToDouble(field).toArray();
        return v.length == 0 ? Double.NaN : BenchOptions.median(v);
    }

    /**
     * The CPU time of the store's thread so far (all the store's work but its close: opening it, the run's writes and
     * commits, storing the result), or 0 if it cannot be measured.
     */
    private static long storeThreadCpuNanos() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long newest = -1; // an earlier store's thread may not have ended yet
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("simrt store")) {
                newest = Math.max(newest, t.getId());
            }
        }
        return newest < 0 || !mx.isThreadCpuTimeSupported() ? 0 : Math.max(0, mx.getThreadCpuTime(newest));
    }

    /** The system's load average over the last minute (other processes share the cores), or -1. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
