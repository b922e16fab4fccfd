package io.simrt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.api.Client;
import io.simrt.config.modelfile.ExternalSpec;
import io.simrt.config.modelfile.ModelFile;
import io.simrt.config.modelfile.ModelFileSpec;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.external.ExternalSimulator;
import io.simrt.models.external.WorkerCommand;
import io.simrt.models.random.RandomStreams;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt bench external}: external simulators (docs/external-simulators.md) against the same numpy code in
 * Python, measured in one run with the Python peers ({@code benchmarks/python/external_peers.py}) interleaved
 * rep by rep, medians reported:
 *
 * <ol>
 *   <li><b>per batch</b>: one {@link ExternalSimulator} on the calling thread, a trivial worker and the MA2 worker,
 *       time per batch of {@code --batch-size} rows against the worker's own time in its {@code simulate} for the
 *       same batch (the worker logs it); the difference is what the runtime and the protocol add. The same
 *       {@code simulate} timed in a Python process of its own on batches of that size is reported beside;
 *   <li><b>rejection</b>: {@code --simulations} of rejection ABC through the model file ({@code --model-file},
 *       ELFI's MA2 in Python) on {@code --engines} local engines, against the same rejection loop in one Python
 *       process and against ELFI's {@code Rejection} on its multiprocessing client with as many processes;
 *   <li><b>codec</b>: decoding a request and encoding its reply of {@code --batch-size} x 2 values in the worker,
 *       binary frames against JSON lines.
 * </ol>
 */
@Command(
        name = "external",
        mixinStandardHelpOptions = true,
        description = "External simulator (Python workers) against the same numpy code in one Python process and "
                + "in ELFI's multiprocessing client.")
final class ExternalBench implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long SEED = 20170530;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--python",
            defaultValue = "python3",
            description = "Interpreter of the workers and the peers (with numpy; scipy for ELFI). "
                    + "Default: ${DEFAULT-VALUE}.")
    String python;

    @Option(
            names = "--peers",
            defaultValue = "benchmarks/python/external_peers.py",
            description = "The peers' script. Default: ${DEFAULT-VALUE}.")
    Path peers;

    @Option(
            names = "--model-file",
            defaultValue = "examples/external/ma2-python.conf",
            description = "The model file of the rejection run; its command's program is replaced by --python. "
                    + "Default: ${DEFAULT-VALUE}.")
    Path modelFile;

    @Option(
            names = "--simulations",
            defaultValue = "1000000",
            description = "Rejection run. Default: ${DEFAULT-VALUE}.")
    long simulations;

    @Option(names = "--samples", defaultValue = "5000", description = "Rejection run. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--batch-size", defaultValue = "10000", description = "Rows per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(
            names = "--batches",
            defaultValue = "50",
            description = "Per-batch part: batches timed per rep, after 5 of warm-up. Default: ${DEFAULT-VALUE}.")
    int batches;

    @Option(
            names = "--engines",
            defaultValue = "2",
            description = "Rejection run: local engines, and ELFI's processes. Default: ${DEFAULT-VALUE}.")
    int engines;

    @Option(
            names = "--elfi-path",
            defaultValue = "",
            description = "Paths (separated by the platform's path separator, : on Linux) put first on the ELFI peer's "
                    + "sys.path: ELFI's sources and stubs for its optional imports. Default: none.")
    String elfiPath;

    @Option(names = "--no-elfi", description = "Skip the ELFI peer.")
    boolean noElfi;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the summary.")
    boolean json;

    @Mixin
    BenchOptions bench = new BenchOptions();

    private static final int WARMUP_BATCHES = 5;

    @Override
    public Integer call() throws IOException {
        bench.check();
        if (simulations <= 0 || samples <= 0 || batchSize <= 0 || samples > simulations) {
            throw new UsageException("need 0 < --samples <= --simulations and --batch-size > 0");
        }
        if (batches <= 0 || engines <= 0) {
            throw new UsageException("--batches and --engines must be > 0");
        }
        if (!Files.isRegularFile(peers)) {
            throw new UsageException("--peers " + peers + ": no such file (run from the repository's root)");
        }
        int reps = bench.repRuns();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("benchmark", "external");
        o.put("python", python);
        o.put("batchSize", batchSize);
        o.put("reps", reps);
        o.put("loadAverageAtStart", loadAverage());
        JsonNode codec = PythonPeers.run(python, peers, "codec", "--rows", batchSize, "--cols", 2, "--reps", 50);
        o.put("pythonVersion", codec.path("python").asText());
        o.put("numpy", codec.path("numpy").asText());
        Map<String, Object> perBatch = perBatch(reps);
        o.put("perBatch", perBatch);
        @SuppressWarnings("unchecked")
        double ma2Millis = (double) ((Map<String, Object>) perBatch.get("ma2")).get("workerMillis");
        o.put("rejection", rejection(reps, ma2Millis));
        o.put("codec", codec(codec));
        o.put("loadAverageAtEnd", loadAverage());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(o));
        } else {
            ExternalBenchSummary.print(out, o);
        }
        out.flush();
        return 0;
    }

    // ---- (a) per batch -------------------------------------------------------------------------------------------

    private Map<String, Object> perBatch(int reps) throws IOException {
        Map<String, double[]> runs = new LinkedHashMap<>();
        for (String w : WORKERS) {
            for (String k : List.of("simrt", "worker", "overhead", "python")) {
                runs.put(w + "." + k, new double[reps]);
            }
        }
        Map<String, ExternalSimulator> sims = new LinkedHashMap<>();
        Map<String, Path> timeFiles = new LinkedHashMap<>();
        try {
            for (String w : WORKERS) {
                Path times = Files.createTempFile("simrt-bench-external-" + w, ".ms");
                timeFiles.put(w, times);
                sims.put(w, simulator(w, times));
            }
            for (int r = 0; r < reps; r++) {
                for (String w : WORKERS) {
                    Batches b = batchMillis(sims.get(w), timeFiles.get(w), r);
                    runs.get(w + ".simrt")[r] = b.simrt();
                    runs.get(w + ".worker")[r] = b.worker();
                    runs.get(w + ".overhead")[r] = b.overhead();
                    runs.get(w + ".python")[r] = PythonPeers.run(
                                    python,
                                    peers,
                                    "compute",
                                    "--worker",
                                    w,
                                    "--batch-size",
                                    batchSize,
                                    "--batches",
                                    batches,
                                    "--warmup",
                                    WARMUP_BATCHES,
                                    "--seed",
                                    SEED + r)
                            .get("batchMillis")
                            .asDouble();
                }
            }
        } finally {
            sims.values().forEach(ExternalSimulator::close);
            for (Path f : timeFiles.values()) {
                Files.deleteIfExists(f);
            }
        }
        // MA2's own time: in its worker, batch by batch, as steady as the machine allows (a process of its own
        // shares the cores with whatever else runs then)
        double ma2Own = BenchOptions.median(runs.get("ma2.worker"));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("batches", batches);
        for (String w : WORKERS) {
            double s = BenchOptions.median(runs.get(w + ".simrt"));
            double own = BenchOptions.median(runs.get(w + ".worker"));
            double over = BenchOptions.median(runs.get(w + ".overhead"));
            double p = BenchOptions.median(runs.get(w + ".python"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("simrtMillis", s);
            m.put("workerMillis", own);
            m.put("pythonMillis", p);
            m.put("overheadMillis", over);
            m.put("overheadPercent", 100 * over / own);
            m.put("overheadPercentOfMa2", 100 * over / ma2Own);
            m.put("simrtMinusPythonMillis", s - p);
            for (String k : List.of("simrt", "worker", "overhead", "python")) {
                m.put(k + "Runs", runs.get(w + "." + k));
            }
            o.put(w, m);
        }
        return o;
    }

    private static final List<String> WORKERS = List.of("trivial", "ma2");

    /** The worker {@code external_peers.py worker NAME}, logging each simulate() call's own time to {@code times}. */
    private ExternalSimulator simulator(String worker, Path times) {
        WorkerCommand cmd = new WorkerCommand(
                List.of(python, peers.toAbsolutePath().toString(), "worker", worker, "--times", times.toString()),
                Optional.empty(),
                Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1"),
                WorkerCommand.DEFAULT_START_TIMEOUT,
                WorkerCommand.DEFAULT_BATCH_TIMEOUT,
                1);
        return ExternalSimulator.of(cmd, 2, 2);
    }

    /**
     * Medians over the timed batches, in milliseconds: a call to {@link ExternalSimulator#simulate}, the worker's
     * own {@code simulate} of that batch, and the difference batch by batch (what the runtime and the protocol add).
     */
    private record Batches(double simrt, double worker, double overhead) {}

    /** Times {@code batches} batches through {@code sim} after {@value #WARMUP_BATCHES} of warm-up. */
    private Batches batchMillis(ExternalSimulator sim, Path times, int rep) throws IOException {
        RandomStreams streams = RandomStreams.of(RngFamily.FAST, SEED + rep);
        double[] params = new double[batchSize * 2];
        double[] out = new double[batchSize * 2];
        double[] t = new double[batches];
        for (int b = 0; b < WARMUP_BATCHES + batches; b++) {
            RandomStream rng = streams.block(b);
            for (int i = 0; i < batchSize; i++) {
                params[2 * i] = -2 + 4 * rng.nextDouble();
                params[2 * i + 1] = -1 + 2 * rng.nextDouble();
            }
            long t0 = System.nanoTime();
            sim.simulate(params, batchSize, rng, out);
            long dt = System.nanoTime() - t0;
            if (b >= WARMUP_BATCHES) {
                t[b - WARMUP_BATCHES] = dt / 1e6;
            }
        }
        // the worker writes a batch's line before its reply, so the last `batches` lines are these batches'
        List<String> lines = Files.readAllLines(times);
        if (lines.size() < batches) {
            throw new IOException(times + ": " + lines.size() + " batch times from the worker, expected " + batches);
        }
        double[] own = new double[batches];
        double[] over = new double[batches];
        for (int i = 0; i < batches; i++) {
            own[i] = Double.parseDouble(lines.get(lines.size() - batches + i).trim());
            over[i] = t[i] - own[i];
        }
        return new Batches(BenchOptions.median(t), BenchOptions.median(own), BenchOptions.median(over));
    }

    // ---- (b) rejection ABC ---------------------------------------------------------------------------------------

    /**
     * @param ma2Millis the MA2 simulator's own time per batch in Python, for the floor: the batches' compute spread
     *                  evenly over the engines, nothing else
     */
    private Map<String, Object> rejection(int reps, double ma2Millis) throws IOException {
        AbcModel model = model();
        double[] simrt = new double[reps];
        double[] py = new double[reps];
        double[] elfi = new double[reps];
        double[] jvmCpu = new double[reps];
        double[] workerCpu = new double[reps];
        String elfiError = noElfi ? "skipped (--no-elfi)" : null;
        long done = 0;
        Map<String, Object> o = new LinkedHashMap<>();
        ClientOptions local = new ClientOptions();
        local.client = "local";
        local.engines = engines;
        try (Client client = local.open()) {
            RejectionAbc abc = RejectionAbc.builder(model, client)
                    .seed(SEED)
                    .batchSize(batchSize)
                    .build();
            for (int i = 0; i < bench.warmupRuns(); i++) {
                abc.sample(samples, Objective.simulations(simulations));
            }
            AbcResult last = null;
            for (int r = 0; r < reps; r++) {
                long c0 = BenchTargets.processCpuNanos();
                Map<Long, Long> w0 = childCpuNanos();
                long t0 = System.nanoTime();
                last = abc.sample(samples, Objective.simulations(simulations));
                simrt[r] = (System.nanoTime() - t0) / 1e9;
                jvmCpu[r] = (BenchTargets.processCpuNanos() - c0) / 1e9;
                long w = 0;
                for (Map.Entry<Long, Long> e : childCpuNanos().entrySet()) {
                    w += e.getValue() - w0.getOrDefault(e.getKey(), 0L);
                }
                workerCpu[r] = w / 1e9;
                py[r] = PythonPeers.run(
                                python,
                                peers,
                                "rejection",
                                "--simulations",
                                simulations,
                                "--batch-size",
                                batchSize,
                                "--samples",
                                samples,
                                "--seed",
                                SEED + r)
                        .get("seconds")
                        .asDouble();
                if (elfiError == null) {
                    JsonNode e = PythonPeers.run(
                            python,
                            peers,
                            "elfi",
                            "--simulations",
                            simulations,
                            "--batch-size",
                            batchSize,
                            "--samples",
                            samples,
                            "--processes",
                            engines,
                            "--elfi-path",
                            elfiPath,
                            "--seed",
                            SEED + r);
                    if (e.has("error")) {
                        elfiError = e.get("error").asText();
                    } else {
                        elfi[r] = e.get("seconds").asDouble();
                        o.put("elfiVersion", e.path("elfiVersion").asText());
                    }
                }
            }
            done = last.simulations();
            o.put("simulations", done);
            o.put("samples", samples);
            o.put("engines", engines);
            o.put("simrtThreshold", last.threshold());
        }
        double s = BenchOptions.median(simrt);
        double p = BenchOptions.median(py);
        o.put("simrt", timing(s, done, simrt));
        o.put("simrtJvmCpuSeconds", BenchOptions.median(jvmCpu));
        o.put("simrtWorkerCpuSeconds", BenchOptions.median(workerCpu));
        long batchCount = (simulations + batchSize - 1) / batchSize;
        o.put("computeFloorSeconds", ma2Millis * batchCount / engines / 1e3);
        o.put("python", timing(p, simulations, py));
        o.put("speedupOverPython", p / s);
        o.put("pairedSpeedupOverPython", pairedRatio(py, simrt));
        if (elfiError == null) {
            double e = BenchOptions.median(elfi);
            o.put("elfi", timing(e, simulations, elfi));
            o.put("speedupOverElfi", e / s);
            o.put("pairedSpeedupOverElfi", pairedRatio(elfi, simrt));
        } else {
            o.put("elfi", Map.of("error", elfiError));
        }
        return o;
    }

    /** CPU time so far of each process this JVM started (the workers), by pid, where the system tells it. */
    private static Map<Long, Long> childCpuNanos() {
        Map<Long, Long> cpu = new LinkedHashMap<>();
        ProcessHandle.current()
                .children()
                .forEach(h -> h.info().totalCpuDuration().ifPresent(d -> cpu.put(h.pid(), d.toNanos())));
        return cpu;
    }

    /** Median over reps of {@code peer[r] / simrt[r]}: each ratio from runs made one after the other. */
    private static double pairedRatio(double[] peer, double[] simrt) {
        double[] q = new double[simrt.length];
        for (int r = 0; r < q.length; r++) {
            q[r] = peer[r] / simrt[r];
        }
        return BenchOptions.median(q);
    }

    /** The system's load average over the last minute (other processes share the cores), or -1. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Map<String, Object> timing(double seconds, long sims, double[] runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seconds", seconds);
        m.put("simulationsPerSecond", sims / seconds);
        m.put("runs", runs);
        return m;
    }

    /** The model file, its command's program replaced by {@code --python} so that every side runs one interpreter. */
    private AbcModel model() {
        ModelFileSpec s = ModelFile.load(modelFile);
        ExternalSpec e = s.external();
        if (!e.given()) {
            throw new UsageException("--model-file " + modelFile + ": not an external simulator");
        }
        List<String> command = new ArrayList<>(e.command());
        command.set(0, python);
        ExternalSpec withPython = new ExternalSpec(
                command,
                e.directory(),
                e.environment(),
                e.startTimeoutSeconds(),
                e.batchTimeoutSeconds(),
                e.attempts(),
                e.poolSize(),
                e.nanAllowed());
        return new ModelFileSpec(
                        s.name(),
                        s.parameters(),
                        s.simulator(),
                        withPython,
                        s.summaries(),
                        s.distance(),
                        s.observed(),
                        s.onError())
                .build();
    }

    // ---- (c) codec -----------------------------------------------------------------------------------------------

    private static Map<String, Object> codec(JsonNode c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("rows", c.get("rows").asInt());
        o.put("cols", c.get("cols").asInt());
        o.put("reps", c.get("reps").asInt());
        for (String k : List.of("binary", "json")) {
            o.put(k, MAPPER.convertValue(c.get(k), Map.class));
        }
        o.put(
                "jsonOverBinary",
                c.get("json").get("medianMillis").asDouble()
                        / c.get("binary").get("medianMillis").asDouble());
        return o;
    }
}
