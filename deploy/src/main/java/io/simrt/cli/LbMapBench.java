package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.runtime.view.AsyncMap;
import io.simrt.runtime.view.Engines;
import io.simrt.runtime.view.LoadBalancedView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt bench lb-map}: a load-balanced map of a trivial function (x + 1) over all engines, once with one
 * task per message (ipyparallel's {@code chunksize=1}, where every task is a scheduling round trip) and once with
 * the automatic chunk size. Reports tasks per second, the median over the measured runs after warm-up runs.
 */
@Command(
        name = "lb-map",
        mixinStandardHelpOptions = true,
        description = "Load-balanced map of trivial tasks: tasks per second, chunk size 1 and automatic.")
final class LbMapBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tasks", defaultValue = "10000", description = "Inputs per map. Default: ${DEFAULT-VALUE}.")
    int tasks;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    // A single warm-up map of 10,000 one-task messages left the JIT compiling the remoting path, and chunk size 1
    // then ran at a third of its warm rate.
    @Mixin
    BenchOptions bench = new BenchOptions(10, 3);

    @Override
    public Integer call() {
        if (tasks <= 0) {
            throw new UsageException("--tasks must be > 0, got " + tasks);
        }
        List<Integer> inputs = IntStream.range(0, tasks).boxed().toList();
        try (Client client = clientOptions.open();
                Engines engines = Engines.of(client)) {
            LoadBalancedView view = engines.loadBalanced();
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int requested : new int[] {1, 0}) {
                int[] used = new int[1];
                long[] cpu = new long[2]; // CPU nanoseconds of the measured runs, runs so far
                double[] times = bench.time(() -> {
                    long c0 = BenchTargets.processCpuNanos();
                    used[0] = run(view, inputs, requested);
                    if (cpu[1]++ >= bench.warmupRuns()) {
                        cpu[0] += BenchTargets.processCpuNanos() - c0;
                    }
                });
                double median = BenchOptions.median(times);
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("chunkSize", used[0]);
                run.put("automatic", requested == 0);
                run.put("messages", (tasks + used[0] - 1) / used[0]);
                run.put("seconds", median);
                run.put("tasksPerSecond", tasks / median);
                run.put("cpuMicrosPerTask", cpu[0] / 1e3 / bench.repRuns() / tasks);
                run.put("runs", times);
                runs.add(run);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("benchmark", "lb-map");
            o.put("warmup", bench.warmupRuns());
            o.put("reps", bench.repRuns());
            o.put("tasks", tasks);
            o.put("chunkSize", runs.get(0).get("chunkSize"));
            o.put("tasksPerSecond", runs.get(0).get("tasksPerSecond"));
            o.put("runs", runs);
            o.put("client", client.kind().id());
            o.put("engines", engines.ids().size());
            o.put("remoteEngines", BenchTargets.remote(client, engines.ids()).size());
            o.put("nodes", BenchTargets.nodes(client));
            spec.commandLine().getOut().println(Json.write(o));
        }
        return 0;
    }

    /** One map, checked item by item; returns the chunk size it used (the largest chunk). */
    private static int run(LoadBalancedView view, List<Integer> inputs, int chunkSize) {
        AsyncMap<Integer> r = view.mapAsync(new BenchTasks.Increment(), inputs, chunkSize);
        List<Integer> out = r.get();
        for (int i = 0; i < inputs.size(); i++) {
            if (out.get(i) != i + 1) {
                throw new IllegalStateException("item " + i + " came back as " + out.get(i));
            }
        }
        int messages = r.ids().size();
        return (inputs.size() + messages - 1) / messages;
    }
}
