package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.models.abc.Summaries;
import io.simrt.models.ma2.Ma2Definition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/external/ma2-python.conf, ELFI's MA2 in Python (numpy) as external workers, on engine JVMs started from
 * the built jar on 127.0.0.1 with a coordinator JVM (cluster client):
 *
 * <ul>
 *   <li>with one of three engine JVMs killed (SIGKILL) mid-run, the JSON result and the accepted samples equal, bit
 *       for bit, those of the same run on 2 local engines in this JVM;
 *   <li>no orphans, checked by pid: the workers of the killed engine JVM (its descendants while it ran) end within
 *       {@link #GONE} of the kill (each reads the end of its stdin and exits), and the workers of the other engine
 *       JVMs end within {@link #GONE} of their normal stop (SIGTERM);
 *   <li>the posterior agrees with the built-in MA2 simulator's on the same observed data and the same uniform box
 *       prior ({@link UniformBoxMa2}): for t1 and t2, {@code |m_py - m_java| <= 3 sqrt(se_py^2 + se_java^2)}, the
 *       means {@code m} and {@code se = sd / sqrt(n)} ({@code sd} the sample standard deviation, {@code n} the
 *       accepted samples) of each run, with fixed seeds (different ones, so that the two runs are independent).
 * </ul>
 *
 * The same answer on 1, 2 and 4 local engines is {@link ExternalEngineCountTest}. Needs python3 with numpy on the
 * PATH; fails without it. Every process is ended by pid after each test, the engines' workers too.
 */
class ExternalWorkerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(60);
    /** How long a worker may outlive its engine JVM (killed or stopped). */
    static final Duration GONE = Duration.ofSeconds(10);
    /** About 8 s on 2 local engines here: long enough to kill an engine JVM mid-run. */
    private static final List<String> ABC = List.of(
            "abc",
            "--model-file",
            ExternalWorkers.CONF.toString(),
            "--samples",
            "500",
            "--simulations",
            "6000000",
            "--batch-size",
            "10000",
            "--seed",
            "23",
            "--json",
            "--no-progress");

    @TempDir
    Path dir;

    /** Every worker seen, to end by pid whatever happens to the test. */
    private final List<ProcessHandle> seen = new ArrayList<>();

    @BeforeAll
    static void pythonWithNumpy() throws InterruptedException {
        ExternalWorkers.requirePythonWithNumpy();
    }

    @AfterEach
    void endProcesses() throws InterruptedException {
        seen.forEach(ProcessHandle::destroyForcibly);
        JvmProcess.endAll();
    }

    @Test
    void killingOneOfThreeEngineJvmsMidRunGivesTheLocalAnswerAndLeavesNoWorker() throws Exception {
        long start = System.nanoTime();
        List<Integer> ports = JvmProcess.freePorts(3);
        List<JvmProcess> engines = JvmProcess.engines(ports, ports, UP);
        log(start, "3 engine JVMs ready");
        Path clusterCsv = dir.resolve("cluster.csv");
        List<String> args = new ArrayList<>(ABC);
        args.addAll(List.of(
                "--output",
                clusterCsv.toString(),
                "--client",
                "cluster",
                "--seed-nodes",
                String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList()),
                "--min-engines",
                "3"));
        JvmProcess coordinator = JvmProcess.start(
                "coordinator",
                JvmProcess.FAST_CLUSTER_FLAGS,
                Map.of("SIMRT_LOG_LEVEL", "INFO"),
                args.toArray(String[]::new));
        Map<JvmProcess, List<ProcessHandle>> workers = new LinkedHashMap<>();
        for (int i = 0; i < engines.size(); i++) {
            coordinator.await("engine 127\\.0\\.0\\.1:" + ports.get(i) + "/e0 got its first shard", UP);
            workers.put(engines.get(i), awaitWorkers(engines.get(i), UP));
        }
        Thread.sleep(1_500); // mid-run: a few batches done on every engine
        JvmProcess victim = engines.get(1);
        record(workers, victim);
        assertTrue(
                coordinator.isAlive(),
                "the run ended before the kill: it needs more simulations\n" + coordinator.err());
        String victims = describe(workers.get(victim));
        victim.kill();
        long killed = System.nanoTime();
        log(start, "engine JVM " + victim.pid() + " killed");
        List<JvmProcess> survivors = List.of(engines.get(0), engines.get(2));
        awaitGone(workers.get(victim), "the SIGKILLed engine JVM's workers");
        System.out.printf(
                "workers of the SIGKILLed engine gone %d ms after the kill: %s%n",
                (System.nanoTime() - killed) / 1_000_000, victims);

        for (JvmProcess e : survivors) {
            record(workers, e); // the run goes on: workers started since are recorded too
        }
        JsonNode cluster = JSON.readTree(coordinator.succeeded(engines, Duration.ofMinutes(4)));
        assertTrue(coordinator.err().contains("lost engine 127.0.0.1:" + ports.get(1)), coordinator.err());
        log(start, "the cluster run finished");

        for (JvmProcess e : survivors) {
            if (e.isAlive()) {
                record(workers, e);
            }
            e.terminate();
            assertEquals(0, e.waitFor(UP), e.err());
        }
        List<ProcessHandle> rest = new ArrayList<>();
        survivors.forEach(e -> rest.addAll(workers.get(e)));
        awaitGone(rest, "the workers of the engine JVMs stopped normally");
        log(start, "2 engine JVMs stopped, workers gone: " + pids(rest));

        Path localCsv = dir.resolve("local.csv");
        List<String> local = new ArrayList<>(ABC);
        local.addAll(List.of("--output", localCsv.toString(), "--client", "local", "--engines", "2"));
        CliRun run = CliRun.of(local.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        JsonNode expected = JSON.readTree(run.out());
        log(start, "the run on 2 local engines finished");
        AbcJson.assertSameAbc(expected, cluster);
        assertEquals(ExternalWorkers.result(expected), ExternalWorkers.result(cluster));
        assertEquals(
                Files.readString(localCsv, StandardCharsets.UTF_8),
                Files.readString(clusterCsv, StandardCharsets.UTF_8),
                "the accepted samples");
    }

    @Test
    void thePosteriorAgreesWithTheBuiltInSimulatorsOnTheSameDataAndPrior() throws Exception {
        // the file's observed values are the built-in observed series' summaries
        double[] series = Ma2Definition.observedSeries(Ma2Definition.N_OBS);
        String conf = Files.readString(ExternalWorkers.CONF, StandardCharsets.UTF_8);
        String observed =
                Summaries.autocov(1).of(series) + ", " + Summaries.autocov(2).of(series);
        assertTrue(conf.contains("observed = { values = [" + observed + "] }"), observed + "\n" + conf);

        Path py = posterior("--model-file", ExternalWorkers.CONF.toString(), "--seed", "31");
        Path java = posterior("--model", UniformBoxMa2.class.getName(), "--seed", "37");
        for (String p : List.of("t1", "t2")) {
            double[] a = ExternalWorkers.column(py, p);
            double[] b = ExternalWorkers.column(java, p);
            assertEquals(1000, a.length);
            assertEquals(1000, b.length);
            double diff = Math.abs(mean(a) - mean(b));
            double tolerance = 3 * Math.sqrt(se(a) * se(a) + se(b) * se(b));
            System.out.printf(
                    "%s: python %.4f (se %.4f), java %.4f (se %.4f), |diff| %.4f <= %.4f%n",
                    p, mean(a), se(a), mean(b), se(b), diff, tolerance);
            assertTrue(
                    diff <= tolerance,
                    p + ": python mean " + mean(a) + " and java mean " + mean(b) + " differ by " + diff
                            + " > 3 combined standard errors " + tolerance);
        }
    }

    /** 1000 samples of 500,000 simulations on 2 local engines; returns the samples' CSV. */
    private Path posterior(String... model) throws IOException {
        Path csv = dir.resolve(model[1].replaceAll("\\W", "_") + ".csv");
        List<String> args = new ArrayList<>(List.of(
                "abc",
                "--samples",
                "1000",
                "--simulations",
                "500000",
                "--batch-size",
                "10000",
                "--client",
                "local",
                "--engines",
                "2",
                "--json",
                "--no-progress",
                "--output",
                csv.toString()));
        args.addAll(List.of(model));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return csv;
    }

    private static void log(long start, String what) {
        System.out.printf("%.1f s: %s%n", (System.nanoTime() - start) / 1e9, what);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The standard error of the mean, {@code sd / sqrt(n)}, {@code sd} with {@code n - 1}. */
    private static double se(double[] x) {
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1)) / Math.sqrt(x.length);
    }

    /** Waits until {@code engine} runs a worker of ma2_worker.py; returns its descendants then. */
    private List<ProcessHandle> awaitWorkers(JvmProcess engine, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ProcessHandle> now = engine.descendants();
            seen.addAll(now);
            if (now.stream().anyMatch(h -> h.info().commandLine().orElse("").contains("ma2_worker.py"))) {
                return new ArrayList<>(now);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(engine.name() + " (pid " + engine.pid() + ") ran no ma2_worker.py within "
                        + timeout + "; descendants " + describe(now) + "\n" + engine.err());
            }
            Thread.sleep(50);
        }
    }

    /** Adds the running descendants of {@code engine} to its workers. */
    private void record(Map<JvmProcess, List<ProcessHandle>> workers, JvmProcess engine) {
        for (ProcessHandle h : engine.descendants()) {
            seen.add(h);
            if (!workers.get(engine).contains(h)) {
                workers.get(engine).add(h);
            }
        }
    }

    /** Fails unless every process of {@code processes} has ended within {@link #GONE}. */
    private static void awaitGone(List<ProcessHandle> processes, String what) throws InterruptedException {
        long deadline = System.nanoTime() + GONE.toNanos();
        while (true) {
            List<ProcessHandle> running =
                    processes.stream().filter(ExternalWorkerIT::running).toList();
            if (running.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": still running " + GONE + " later: " + describe(running));
            }
            Thread.sleep(50);
        }
    }

    /**
     * Whether {@code h} still runs: alive and, where /proc says, not a zombie (a process that has ended but that
     * whoever inherited it has not reaped yet).
     */
    private static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return !Files.isDirectory(Path.of("/proc", "self")) && h.isAlive();
        }
    }

    private static String pids(List<ProcessHandle> processes) {
        return processes.stream().map(h -> String.valueOf(h.pid())).collect(Collectors.joining(",", "[", "]"));
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream()
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("?"))
                .collect(Collectors.joining("; ", "[", "]"));
    }
}
