package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.runtime.view.EngineView;
import io.simrt.runtime.view.Engines;
import java.util.Arrays;
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
 * {@code simrt bench apply-latency}: round trips of a trivial task ({@link EngineView#apply}) to one engine, one
 * after the other, after warm-up calls: what ipyparallel's {@code view.apply_sync(lambda: 1)} costs. With several
 * nodes the engine is on another node than the coordinator, so the task and its answer are serialized and cross
 * a socket each way.
 */
@Command(
        name = "apply-latency",
        mixinStandardHelpOptions = true,
        description = "Round trip of a trivial task to one engine (p50/p90/p99).")
final class ApplyLatencyBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--calls", defaultValue = "1000", description = "Measured calls. Default: ${DEFAULT-VALUE}.")
    int calls;

    // On two cores the JIT is still compiling the remoting path after a few thousand calls and takes a core from it:
    // after 2,000 calls the remote p50 was about twice what it is after 20,000.
    @Option(
            names = "--warmup",
            defaultValue = "20000",
            description = "Calls before measuring (the JIT needs thousands). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Override
    public Integer call() {
        if (calls <= 0 || warmup < 0) {
            throw new UsageException("need --calls > 0 and --warmup >= 0, got " + calls + " and " + warmup);
        }
        try (Client client = clientOptions.open();
                Engines engines = Engines.of(client)) {
            String target = BenchTargets.preferRemote(client, engines.ids()).get(0);
            EngineView view = engines.view(target);
            for (int i = 0; i < warmup; i++) {
                check(i, view.apply(new BenchTasks.Echo(i)));
            }
            double[] micros = new double[calls];
            long cpu0 = BenchTargets.processCpuNanos();
            long jit0 = BenchTargets.jitMillis();
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                Integer r = view.apply(new BenchTasks.Echo(i));
                micros[i] = (System.nanoTime() - t0) / 1e3;
                check(i, r);
            }
            long cpu = BenchTargets.processCpuNanos() - cpu0;
            long jit = BenchTargets.jitMillis() - jit0;
            double[] sorted = micros.clone();
            Arrays.sort(sorted);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("benchmark", "apply-latency");
            o.put("calls", calls);
            o.put("warmup", warmup);
            o.put("p50Micros", BenchTargets.percentile(sorted, 50));
            o.put("p90Micros", BenchTargets.percentile(sorted, 90));
            o.put("p99Micros", BenchTargets.percentile(sorted, 99));
            o.put("meanMicros", Arrays.stream(micros).average().orElse(Double.NaN));
            o.put("maxMicros", sorted[sorted.length - 1]);
            o.put("cpuMicrosPerCall", cpu0 < 0 ? Double.NaN : cpu / 1e3 / calls);
            o.put("jitMillisWhileMeasuring", jit0 < 0 ? Double.NaN : jit);
            o.put("engine", target);
            o.put("remote", !BenchTargets.remote(client, List.of(target)).isEmpty());
            o.put("nodes", BenchTargets.nodes(client));
            o.put("client", client.kind().id());
            spec.commandLine().getOut().println(Json.write(o));
        }
        return 0;
    }

    private static void check(int sent, Integer got) {
        if (got == null || got != sent) {
            throw new IllegalStateException("apply returned " + got + " for " + sent);
        }
    }
}
