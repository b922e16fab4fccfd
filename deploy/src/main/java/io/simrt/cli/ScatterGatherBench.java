package io.simrt.cli;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.Client;
import io.simrt.api.ClientKind;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.protocol.BulkLane;
import io.simrt.runtime.protocol.bulk.Lane;
import io.simrt.runtime.view.DirectView;
import io.simrt.runtime.view.Engines;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt bench scatter-gather}: scatter a {@code double[]} over a direct view's engines and gather it back
 * (ipyparallel's {@code dview.scatter('x', a); dview.gather('x')}), checked for equality after each run, outside
 * the timed part. Moved bytes count the array once each way (16 MB for a million doubles), as the ipyparallel
 * figure does. With several nodes the view holds only the engines on other nodes than the coordinator's (unless
 * {@code --all-engines}), so every byte is serialized and crosses a socket; with {@code --tls}, through TLS.
 */
@Command(
        name = "scatter-gather",
        mixinStandardHelpOptions = true,
        description = "Scatter a double[] over engines and gather it back: MB/s.")
final class ScatterGatherBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--doubles", defaultValue = "1000000", description = "Array length. Default: ${DEFAULT-VALUE}.")
    int doubles;

    @Option(names = "--all-engines", description = "Use every engine, also those on the coordinator's own node.")
    boolean allEngines;

    @Option(
            names = "--tls",
            description = "Local client with --nodes 2 or more: the in-JVM nodes talk over mutually authenticated TLS "
                    + "(Artery and the bulk lane), with a CA and key made for this run by the JDK's keytool in a "
                    + "temporary directory.")
    boolean tls;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    // Measured warm: after 10 warm-up runs the remoting path was still being compiled and 10^6 doubles moved at
    // ~300 MB/s; after 200 (about 6-10 s) at 450-570 MB/s.
    @Mixin
    BenchOptions bench = new BenchOptions(200, 20);

    @Override
    public Integer call() {
        if (doubles <= 0) {
            throw new UsageException("--doubles must be > 0, got " + doubles);
        }
        double[] data = new double[doubles];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < doubles; i++) {
            data[i] = random.nextDouble();
        }
        if (tls
                && (clientOptions.kind() != ClientKind.LOCAL
                        || clientOptions.nodes == null
                        || clientOptions.nodes < 2)) {
            throw new UsageException(
                    "--tls applies to --client local with --nodes 2 or more (a real cluster brings its "
                            + "own stores: SIMRT_PROFILE=...,tls, see docs/tls.md)");
        }
        try (ThrowawayTls stores = tls ? ThrowawayTls.create() : null;
                Client client = clientOptions.open(stores != null ? stores.config() : ConfigFactory.empty());
                Engines engines = Engines.of(client)) {
            List<String> targets = allEngines ? engines.ids() : BenchTargets.preferRemote(client, engines.ids());
            DirectView view = engines.view(targets);
            bench.check();
            double[] times = new double[bench.repRuns()];
            double[] scatters = new double[bench.repRuns()];
            for (int i = -bench.warmupRuns(); i < bench.repRuns(); i++) {
                long t0 = System.nanoTime();
                view.scatter("x", data);
                long scattered = System.nanoTime();
                double[] back = (double[]) view.gather("x");
                long t1 = System.nanoTime();
                if (i >= 0) {
                    times[i] = (t1 - t0) / 1e9;
                    scatters[i] = (scattered - t0) / 1e9;
                }
                if (!Arrays.equals(data, back)) { // checked every run, outside the timed part
                    throw new IllegalStateException("gathered array differs from the scattered one");
                }
            }
            view.clear();
            double seconds = BenchOptions.median(times);
            double megabytes = 2.0 * Double.BYTES * doubles / 1e6;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("benchmark", "scatter-gather");
            o.put("doubles", doubles);
            o.put("warmup", bench.warmupRuns());
            o.put("reps", bench.repRuns());
            o.put("megabytesMoved", megabytes);
            o.put("seconds", seconds);
            o.put("megabytesPerSecond", megabytes / seconds);
            o.put("scatterSeconds", BenchOptions.median(scatters));
            o.put("runs", times);
            o.put("engines", targets);
            o.put("remoteEngines", BenchTargets.remote(client, targets).size());
            o.put("nodes", BenchTargets.nodes(client));
            o.put("client", client.kind().id());
            if (client instanceof RuntimeClient rc && rc.home().address().hasGlobalScope()) {
                o.put("transport", rc.home().settings().config().getString("pekko.remote.artery.transport"));
                o.put(
                        "bulkLane",
                        BulkLane.of(rc.home())
                                .filter(Lane::serves)
                                .map(l -> l.tls() ? "tls" : "tcp")
                                .orElse("off"));
            }
            spec.commandLine().getOut().println(Json.write(o));
        }
        return 0;
    }
}
