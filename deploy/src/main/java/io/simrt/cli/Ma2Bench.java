package io.simrt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.simrt.api.Client;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.Progress;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import java.util.ArrayList;
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
 * {@code simrt bench ma2}: ELFI's MA2 rejection run (the peers' {@code ma2_rejection.py}): prior draws, simulation,
 * summaries, distances and the top-k merge, on the chosen client. Reports the median over the measured runs, after
 * warm-up runs in the same JVM; the first (cold) run is reported too.
 */
@Command(name = "ma2", mixinStandardHelpOptions = true, description = "MA2 rejection ABC throughput.")
final class Ma2Bench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--simulations", defaultValue = "1000000", description = "Default: ${DEFAULT-VALUE}.")
    long simulations;

    @Option(names = "--samples", defaultValue = "5000", description = "Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--batch-size", defaultValue = "10000", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--rng", defaultValue = "fast", description = "fast or elfi. Default: ${DEFAULT-VALUE}.")
    String rng;

    @Option(
            names = "--compare-processes",
            paramLabel = "N",
            description = "After the runs, start N independent JVMs (this java, flags and jar) that run the same "
                    + "benchmark with --client native at once, and report their summed simulations per second and "
                    + "this client's ratio to it: what N engines in one JVM reach of N processes that share nothing.")
    Integer compareProcesses;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Mixin
    BenchOptions bench = new BenchOptions();

    /** Measures what the dashboard costs: the same runs shown live (docs/dashboard.md, Performance). */
    @Mixin
    DashboardOptions dashboardOptions = new DashboardOptions();

    @Override
    public Integer call() {
        if (simulations <= 0 || samples <= 0 || batchSize <= 0 || samples > simulations) {
            throw new UsageException("need 0 < --samples <= --simulations and --batch-size > 0");
        }
        if (compareProcesses != null && compareProcesses < 1) {
            throw new UsageException("--compare-processes must be at least 1, got " + compareProcesses);
        }
        RngFamily family = RngFamily.parse(rng);
        Ma2Abc model = Ma2Abc.observedFrom(family, 4, 0.6, 0.2, 100);
        try (Client client = clientOptions.open();
                CliDashboard dashboard = CliDashboard.start(dashboardOptions, client, spec)) {
            dashboard.begin("abc", "ma2", model.parameterNames());
            RejectionAbc abc = RejectionAbc.builder(model, client)
                    .seed(20170530)
                    .batchSize(batchSize)
                    .rng(family)
                    .journal(dashboard.journal(BatchJournal.NONE))
                    .build();
            Progress progress = dashboard.progress(Progress.NONE);
            long c0 = System.nanoTime();
            abc.sample(samples, Objective.simulations(simulations), progress);
            double cold = (System.nanoTime() - c0) / 1e9;
            BenchOptions rest = new BenchOptions();
            rest.warmup = Math.max(0, bench.warmupRuns() - 1);
            rest.reps = bench.repRuns();
            long[] done = new long[1];
            double[] times = rest.time(() -> done[0] = abc.sample(samples, Objective.simulations(simulations), progress)
                    .simulations());
            double wall = BenchOptions.median(times);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("benchmark", "ma2");
            o.put("simulations", done[0]);
            o.put("samples", samples);
            o.put("batchSize", batchSize);
            o.put("rng", family.id());
            o.put("client", client.kind().id());
            o.put("engines", client.engines());
            o.put("wallSeconds", wall);
            o.put("simulationsPerSecond", done[0] / wall);
            o.put("runs", times);
            o.put("coldSeconds", cold);
            o.put("dashboard", dashboardOptions.port != null);
            if (compareProcesses != null) {
                o.putAll(compare(done[0] / wall));
            }
            spec.commandLine().getOut().println(Json.write(o));
        }
        return 0;
    }

    /** The same benchmark in {@code compareProcesses} native JVMs at once, against {@code ours} simulations/s. */
    private Map<String, Object> compare(double ours) {
        List<String> args = List.of(
                "bench",
                "ma2",
                "--simulations",
                String.valueOf(simulations),
                "--samples",
                String.valueOf(samples),
                "--batch-size",
                String.valueOf(batchSize),
                "--rng",
                rng,
                "--warmup",
                String.valueOf(bench.warmupRuns()),
                "--reps",
                String.valueOf(bench.repRuns()),
                "--client",
                "native");
        List<JsonNode> peers = ProcessPeers.run(compareProcesses, args, 3600);
        double sum = 0;
        List<Double> each = new ArrayList<>();
        for (JsonNode p : peers) {
            each.add(p.get("simulationsPerSecond").asDouble());
            sum += each.get(each.size() - 1);
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("processes", compareProcesses);
        o.put("processesSimulationsPerSecond", sum);
        o.put("eachProcessSimulationsPerSecond", each);
        o.put("ratioToProcesses", ours / sum);
        return o;
    }
}
