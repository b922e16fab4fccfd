package io.simrt.cli;

import picocli.CommandLine.Command;

/** {@code simrt bench ...}: end-to-end measurements, each printing one JSON object. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "End-to-end benchmarks; each prints one JSON object on stdout.",
        subcommands = {
            Ma2Bench.class,
            LikelihoodBench.class,
            SmcBench.class,
            ApplyLatencyBench.class,
            LbMapBench.class,
            ScatterGatherBench.class,
            ExternalBench.class,
            StoreBench.class,
            DispatchBench.class
        })
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new UsageException(
                "name a benchmark: " + String.join(", ", spec.subcommands().keySet()));
    }
}
