package io.simrt.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.config.HostPort;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.code.ShiftedModelJar;
import io.simrt.runtime.node.InJvmCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What shipping a model's jar adds to a coordinator's first request: three engine nodes (in-JVM cluster members,
 * one engine each, messages serialized and arrays over the bulk lane), a fresh coordinator per invocation, and its
 * first request: one small ABC batch per engine, each engine needing the model. {@code jar = builtin} is MA2 from
 * the engines' own class path (nothing shipped); {@code 0} a jar of the user's model only the coordinator holds
 * (about 2 KB); {@code 5242880} the same with 5 MiB of incompressible resources. Every invocation ships a jar with
 * new content, so the engines' jar cache never holds it already. The difference to {@code builtin} is the cost of
 * shipping.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar CodeShippingBenchmark -f 1 -wi 2 -i 8
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CodeShippingBenchmark {
    private static final int ENGINES = 3;
    private static final Duration JOIN = Duration.ofSeconds(30);

    @Param({"builtin", "0", "5242880"})
    public String jar;

    private InJvmCluster cluster;
    private Path dir;
    private int invocation;
    private RuntimeClient client;
    private AbcModel model;

    @Setup(Level.Trial)
    public void startEngines() throws Exception {
        cluster = InJvmCluster.start(new int[] {1, 1, 1}, ConfigFactory.empty(), JOIN);
        dir = Files.createTempDirectory("simrt-shipping-bench");
    }

    @Setup(Level.Invocation)
    public void newCoordinator() throws Exception {
        invocation++;
        if ("builtin".equals(jar)) {
            model = Ma2Abc.of(100, 0.6, 0.2);
        } else {
            // a new shift per invocation: new bytes, a new hash, a jar no engine holds yet
            Path built = ShiftedModelJar.build(
                    dir, "model-" + invocation + ".jar", invocation, Integer.parseInt(jar) + invocation);
            model = ShiftedModelJar.load(built, 0.6, 0.2);
        }
        Address seed = cluster.node(0).address();
        Config config = ConfigFactory.parseString("simrt.coordinator.allow-packages = [\"com.example.\"]");
        client = RuntimeClient.cluster(
                List.of(new HostPort(seed.host().get(), (Integer) seed.port().get())),
                "127.0.0.1",
                0,
                ENGINES,
                JOIN,
                config);
    }

    @Benchmark
    public List<BatchOutput> firstRequest() {
        BatchSimulator sim = client.simulator(model);
        List<CompletableFuture<BatchOutput>> batches = new ArrayList<>();
        for (int i = 0; i < ENGINES; i++) {
            batches.add(sim.submit(BatchRequest.fromPrior(RngFamily.FAST, 1, i, 100)));
        }
        return batches.stream().map(CompletableFuture::join).toList();
    }

    @TearDown(Level.Invocation)
    public void closeCoordinator() {
        client.close();
    }

    @TearDown(Level.Trial)
    public void stopEngines() {
        cluster.close();
    }
}
