package io.simrt.cli;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.ClientKind;
import io.simrt.api.Futures;
import io.simrt.api.SimrtTimeoutException;
import io.simrt.config.HostPort;
import io.simrt.config.SettingsException;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.coordinator.Coordinator;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.node.InJvmCluster;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.TaskCodec;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt bench dispatch}: how many shards per second one coordinator hands out and collects, for growing
 * numbers of engines that do no work (or a fixed, parked {@code --work-micros} each). Each measured run is one
 * load-balanced request of {@code --shards} one-task shards ({@link Work.Apply} of {@link BenchTasks.Echo}), the
 * cheapest path through the coordinator: no request child per shard, no chunking, no values to combine, so what is
 * measured is the scheduler, the messages to and from engines and their hand-offs.
 *
 * <p>From the rate it derives how many engines the coordinator would keep busy at shard durations of 1, 10 and 100
 * ms (engines = duration x rate). Every node runs in this JVM, so the engines' and transports' CPU shares the
 * machine with the coordinator: the rate is what this machine does, a lower bound of what a coordinator alone on
 * its cores would do. {@code cpuByThread} says where the CPU went.
 */
@Command(
        name = "dispatch",
        mixinStandardHelpOptions = true,
        description = "Shards per second one coordinator hands out and collects, as engines grow.")
final class DispatchBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--engines-list",
            split = ",",
            defaultValue = "8,16,32,64",
            paramLabel = "N",
            description = "Engine counts to measure, each on a fresh in-JVM cluster. Default: ${DEFAULT-VALUE}.")
    List<Integer> enginesList;

    @Option(
            names = "--nodes",
            defaultValue = "4",
            paramLabel = "K",
            description = "In-JVM cluster nodes (1: one ActorSystem, no remoting). Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(
            names = "--coordinator-alone",
            description = "The coordinator's node holds no engines: every engine is on one of the other K-1 nodes, "
                    + "so every shard is serialized and crosses a socket.")
    boolean coordinatorAlone;

    @Option(
            names = "--seed-nodes",
            split = ",",
            paramLabel = "HOST:PORT",
            description = "Measure engines of an existing cluster instead (started with `simrt engine`): this JVM "
                    + "joins it as the coordinator alone, waits for the one count --engines-list gives and uses every "
                    + "engine it finds, so this JVM's CPU per shard is the coordinator's own.")
    List<String> seedNodes;

    @Option(
            names = "--shards",
            defaultValue = "100000",
            description = "Shards per measured run (one request). Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(
            names = "--work-micros",
            defaultValue = "0",
            description = "Microseconds each shard holds its engine, parked (not spinning); 0: none. Default: "
                    + "${DEFAULT-VALUE}.")
    long workMicros;

    // Each engine count starts a new cluster and a cold remoting path, which the JIT compiles during the first
    // requests (hundreds of ms of compilation, measured by jitMillisWhileMeasuring).
    @Mixin
    BenchOptions bench = new BenchOptions(5, 3);

    /** Shard durations for which the report says how many engines the measured rate keeps busy. */
    private static final long[] DURATIONS_MS = {1, 10, 100};

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            paramLabel = "DURATION",
            description = "How long one request may take before its engine count is reported as stalled (and the "
                    + "next measured). Default: ${DEFAULT-VALUE}.")
    String timeout;

    /** Forming a cluster and finding its engines. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private Duration requestTimeout;

    /**
     * The nodes' configuration: Pekko's own stdout logger off, since while one engine count's nodes shut down the
     * others' warnings (quarantine of the node that left) came through it onto stdout, into the JSON.
     */
    private static final com.typesafe.config.Config NODES = ConfigFactory.parseString("pekko.stdout-loglevel = OFF");

    private final List<HostPort> seeds = new ArrayList<>();

    @Override
    public Integer call() {
        if (enginesList.isEmpty() || enginesList.stream().anyMatch(e -> e == null || e <= 0)) {
            throw new UsageException("--engines-list needs engine counts > 0, got " + enginesList);
        }
        if (nodes <= 0) {
            throw new UsageException("--nodes must be > 0, got " + nodes);
        }
        if (seedNodes != null && enginesList.size() != 1) {
            throw new UsageException("with --seed-nodes, --engines-list gives one count: the engines to wait for");
        }
        if (coordinatorAlone && nodes < 2) {
            throw new UsageException("--coordinator-alone needs --nodes 2 or more");
        }
        if (shards <= 0) {
            throw new UsageException("--shards must be > 0, got " + shards);
        }
        if (workMicros < 0) {
            throw new UsageException("--work-micros must be >= 0, got " + workMicros);
        }
        bench.check();
        requestTimeout = Durations.positive("--timeout", timeout);
        if (seedNodes != null) {
            for (String s : seedNodes) {
                try {
                    seeds.add(HostPort.parse("--seed-nodes", s));
                } catch (SettingsException e) {
                    throw new UsageException(e.getMessage());
                }
            }
        }
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int engines : enginesList) {
            rows.add(measure(engines));
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("benchmark", "dispatch");
        o.put("client", seedNodes != null ? "cluster" : "local");
        o.put("nodes", rows.get(0).getOrDefault("nodes", nodes));
        o.put("coordinatorAlone", coordinatorAlone || seedNodes != null);
        o.put("shards", shards);
        o.put("workMicros", workMicros);
        o.put("warmup", bench.warmupRuns());
        o.put("reps", bench.repRuns());
        o.put("processors", Runtime.getRuntime().availableProcessors());
        o.put("loadAverageAtStart", Json.num(loadAtStart));
        o.put(
                "loadAverageAtEnd",
                Json.num(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        o.put("rows", rows);
        spec.commandLine().getOut().println(Json.write(o));
        return 0;
    }

    /** One engine count: a fresh cluster, warm-up requests, measured requests. */
    private Map<String, Object> measure(int engines) {
        InJvmCluster cluster = null;
        RuntimeClient client = null;
        try {
            if (seedNodes != null) {
                client = RuntimeClient.cluster(seeds, "127.0.0.1", 0, engines, TIMEOUT, NODES);
                engines = client.engineList().owned().size();
            } else if (coordinatorAlone) {
                int[] perNode = new int[nodes];
                for (int i = 1; i < nodes; i++) {
                    perNode[i] = engines / (nodes - 1) + (i - 1 < engines % (nodes - 1) ? 1 : 0);
                }
                cluster = InJvmCluster.start(perNode, NODES, TIMEOUT);
                client = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL);
                client.awaitEngines(engines, TIMEOUT);
            } else {
                client = RuntimeClient.local(engines, nodes, NODES);
            }
            return measure(client, engines);
        } catch (SimrtTimeoutException e) {
            // A stalled request is a result too: what was sent, what the engines say they ran.
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("engines", engines);
            row.put("error", e.getMessage());
            if (client != null) {
                row.put(
                        "shardsRunByEngines",
                        shardsDone(client).values().stream()
                                .mapToLong(Long::longValue)
                                .sum());
                row.put(
                        "shardsOutstandingAtCoordinator",
                        client.engineList().owned().stream()
                                .mapToInt(Coordinator.EngineInfo::outstanding)
                                .sum());
            }
            return row;
        } finally {
            if (client != null) {
                client.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private Map<String, Object> measure(RuntimeClient client, int engines) {
        AllowedClasses allowed = AllowedClasses.of(client.settings().engine().allowedPackages());
        ValueCodec values = new ValueCodec(allowed);
        Object task = workMicros > 0 ? new BenchTasks.Sleep(1, workMicros) : new BenchTasks.Echo(1);
        Work work = new Work.Apply(new TaskCodec(allowed).encode(task));
        List<Work> copies = Collections.nCopies(shards, work);
        Plan<Integer> plan = new Plan<>(
                "dispatch bench: " + shards + " shards", e -> copies, results -> answeredOnes(results, values));
        List<String> ids = new ArrayList<>();
        client.engineList().owned().forEach(e -> ids.add(e.engineId()));
        Map<String, Long> doneBefore = shardsDone(client);

        for (int i = 0; i < bench.warmupRuns(); i++) {
            run(client, plan);
        }
        Map<String, Long> threadsBefore = threadCpu();
        long cpu0 = BenchTargets.processCpuNanos();
        long jit0 = BenchTargets.jitMillis();
        double[] seconds = new double[bench.repRuns()];
        for (int i = 0; i < seconds.length; i++) {
            long t0 = System.nanoTime();
            run(client, plan);
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        long cpu = BenchTargets.processCpuNanos() - cpu0;
        long jit = BenchTargets.jitMillis() - jit0;
        Map<String, Long> threadsAfter = threadCpu();
        Map<String, Long> doneAfter = shardsDone(client);

        long measuredShards = (long) shards * bench.repRuns();
        long done = 0;
        long minDone = Long.MAX_VALUE;
        long maxDone = 0;
        for (Map.Entry<String, Long> e : doneAfter.entrySet()) {
            long d = e.getValue() - doneBefore.getOrDefault(e.getKey(), 0L);
            done += d;
            minDone = Math.min(minDone, d);
            maxDone = Math.max(maxDone, d);
        }
        double median = BenchOptions.median(seconds);
        double rate = shards / median;
        double[] rates = new double[seconds.length];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = shards / seconds[i];
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("engines", engines);
        row.put("nodes", BenchTargets.nodes(client));
        row.put("remoteEngines", BenchTargets.remote(client, ids).size());
        row.put("seconds", median);
        row.put("shardsPerSecond", rate);
        row.put("shardsPerSecondRuns", rates);
        row.put("microsPerShard", 1e6 / rate);
        row.put("cpuMicrosPerShard", cpu0 < 0 ? Double.NaN : cpu / 1e3 / measuredShards);
        row.put("cpuByThread", perShard(threadsBefore, threadsAfter, measuredShards));
        row.put("jitMillisWhileMeasuring", jit0 < 0 ? Double.NaN : jit);
        row.put("shardsRunByEngines", done);
        row.put("shardsSent", (long) shards * (bench.warmupRuns() + bench.repRuns()));
        row.put("minShardsPerEngine", minDone == Long.MAX_VALUE ? 0 : minDone);
        row.put("maxShardsPerEngine", maxDone);
        if (workMicros > 0) {
            double ideal = engines * 1e6 / workMicros;
            row.put("idealShardsPerSecond", ideal);
            row.put("busyFraction", rate / ideal);
        }
        Map<String, Double> busy = new LinkedHashMap<>();
        for (long ms : DURATIONS_MS) {
            busy.put(ms + "ms", rate * ms / 1e3);
        }
        row.put("enginesKeptBusy", busy);
        return row;
    }

    /** One request of {@link #shards} shards; checks every shard answered 1. */
    private void run(RuntimeClient client, Plan<Integer> plan) {
        RuntimeClient.Answer<Integer> a =
                Futures.await(client.submitDetailed(plan), "a dispatch bench request", requestTimeout);
        if (a.shards() != shards || a.value() != shards) {
            throw new IllegalStateException(
                    "sent " + shards + " shards, " + a.shards() + " came back, " + a.value() + " of them with 1");
        }
    }

    /** How many results are the single value 1 (runs on the request's child, after the last shard). */
    private static int answeredOnes(List<WorkResult> results, ValueCodec values) {
        int ones = 0;
        for (WorkResult r : results) {
            if (r instanceof WorkResult.Values v && v.values().size() == 1) {
                Payload p = v.values().get(0);
                if (Integer.valueOf(1).equals(values.decode(p))) {
                    ones++;
                }
            }
        }
        return ones;
    }

    /** Shards each engine has run so far, by engine id, from the engines' own reports. */
    private static Map<String, Long> shardsDone(RuntimeClient client) {
        Map<String, Long> out = new HashMap<>();
        for (Engine.EngineStatus s : client.engineStatuses()) {
            out.put(s.engineId(), s.shardsDone());
        }
        return out;
    }

    /** CPU nanoseconds of this JVM's live threads, summed by thread name without its trailing number. */
    private static Map<String, Long> threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported()) {
            return out;
        }
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                out.merge(info.getThreadName().replaceAll("[-#]?\\d+$", ""), nanos, Long::sum);
            }
        }
        return out;
    }

    /**
     * CPU microseconds per shard of each thread group between two snapshots, largest first, groups under 0.1 µs
     * left out. Threads that ended between the snapshots are missing (their CPU is in {@code cpuMicrosPerShard}).
     */
    private static Map<String, Double> perShard(Map<String, Long> before, Map<String, Long> after, long shards) {
        List<Map.Entry<String, Double>> groups = new ArrayList<>();
        after.forEach((name, nanos) -> {
            double micros = (nanos - before.getOrDefault(name, 0L)) / 1e3 / shards;
            if (micros >= 0.1) {
                groups.add(Map.entry(name, micros));
            }
        });
        groups.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> out = new LinkedHashMap<>();
        groups.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
