package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of docs/models.md on real JVMs: the SIR model of {@code examples/sir}, whose jar only the
 * coordinator JVM is given, fitted by ABC-SMC on three engine JVMs started from the stock {@code simrt.jar}. The engines
 * take the jar from their coordinator, and the answer equals the native client's bit for bit. Every process is ended
 * by pid after the test.
 */
class SirExampleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(60);
    /** What differs between clients by design; every other key of abc-smc's --json must be equal. */
    private static final List<String> PER_CLIENT = List.of("client", "engines", "wallSeconds");

    @TempDir
    Path tmp;

    @AfterEach
    void endProcesses() throws InterruptedException {
        JvmProcess.endAll();
    }

    /** The run of docs/models.md with another seed: about 80,000 simulations. */
    private static List<String> sir() {
        return List.of(
                "abc-smc",
                "--model",
                "org.example.sir.Sir",
                "--model-jar",
                exampleJar().toString(),
                "--samples",
                "1000",
                "--thresholds",
                "2,1,0.6,0.4,0.3",
                "--seed",
                "11",
                "--json");
    }

    /**
     * The example's jar, which the reactor builds before deploy: the {@code simrt.example.sir.jar} property failsafe
     * sets (deploy/pom.xml), else the path from deploy's directory.
     */
    private static Path exampleJar() {
        Path jar = Path.of(System.getProperty("simrt.example.sir.jar", "../examples/sir/target/simrt-example-sir.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the example's jar " + jar.toAbsolutePath()
                    + " is missing: run mvn -B -pl examples/sir -am -DskipTests package");
        }
        return jar.toAbsolutePath();
    }

    @Test
    void sirFittedOnThreeStockEngineJvmsEqualsTheNativeRun() throws Exception {
        List<Integer> ports = List.of(JvmProcess.freePort(), JvmProcess.freePort(), JvmProcess.freePort());
        List<JvmProcess> engines = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            engines.add(JvmProcess.engineWithSeeds("sir-engine-" + i, ports.get(i), 1, ports));
            if (i == 0) {
                engines.get(0).awaitReady(UP); // the first seed starts the cluster; the others join it
            }
        }
        for (JvmProcess e : engines) {
            e.awaitReady(UP);
        }

        Path plot = tmp.resolve("pairs.png");
        List<String> args = new ArrayList<>(sir());
        args.addAll(List.of(
                "--client",
                "cluster",
                "--seed-nodes",
                String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList()),
                "--min-engines",
                "3",
                "--plot",
                plot.toString(),
                "--no-progress"));
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.add("-Dsimrt.cluster.join-timeout=60s");
        long t0 = System.nanoTime();
        JvmProcess coordinator = JvmProcess.start("sir-coordinator", flags, Map.of(), args.toArray(String[]::new));
        int status = coordinator.waitFor(Duration.ofMinutes(3));
        double clusterSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, status, "the cluster run failed:\n" + coordinator.err() + JvmProcess.logs(engines));
        ObjectNode cluster = (ObjectNode) JSON.readTree(coordinator.out());
        assertEquals("cluster", cluster.get("client").asText());
        assertEquals(3, cluster.get("engines").asInt());

        t0 = System.nanoTime();
        List<String> nativeArgs = new ArrayList<>(sir());
        nativeArgs.addAll(List.of("--client", "native", "--no-progress"));
        CliRun run = CliRun.of(nativeArgs.toArray(String[]::new));
        double nativeSeconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, run.status(), run.err());
        ObjectNode nativeResult = (ObjectNode) JSON.readTree(run.out());
        System.out.printf(
                "SIR abc-smc: cluster of 3 engine JVMs %.1f s (coordinator JVM, start to exit), native %.1f s,"
                        + " %d simulations%n",
                clusterSeconds, nativeSeconds, cluster.get("simulations").asLong());

        // means, intervals, every population's thresholds, simulations and batches: the same numbers
        cluster.remove(PER_CLIENT);
        nativeResult.remove(PER_CLIENT);
        assertEquals(nativeResult, cluster);

        for (JvmProcess e : engines) {
            assertTrue(
                    e.err().contains("took jar"),
                    e.name() + " ran the model without taking its jar from the coordinator:\n" + e.err());
        }
        assertPng(plot);
    }

    private static void assertPng(Path plot) throws Exception {
        assertTrue(Files.isRegularFile(plot), "no pair plot at " + plot);
        byte[] bytes = Files.readAllBytes(plot);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertArrayEquals(signature, Arrays.copyOf(bytes, 8), "not a PNG");
        assertTrue(bytes.length > 5_000 && bytes.length < 5_000_000, "a pair plot of " + bytes.length + " bytes");
        BufferedImage image = ImageIO.read(plot.toFile());
        assertTrue(
                image.getWidth() >= 300 && image.getHeight() >= 300,
                image.getWidth() + " x " + image.getHeight() + " pixels");
    }
}
