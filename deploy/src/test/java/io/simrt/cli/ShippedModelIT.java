package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.runtime.code.JarCompiler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's model, compiled during the test into a jar only the coordinator JVM has, on engine JVMs started from the
 * stock jar: ELFI's MA2 written through the model-definition API in a package of the user's own. The engines fetch
 * the jar from the coordinator; the answer equals the built-in MA2's on the native client bit for bit, also when an
 * engine JVM is killed (SIGKILL) mid-run. Every process is ended by pid after each test.
 */
class ShippedModelIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(60);
    private static final String CLASS = "com.example.ma2.UserMa2";

    /** MA2 as a user would write it, observed data as the built-in's (--rng fast, --observed-seed 4). */
    private static final String SOURCE = """
            package com.example.ma2;

            import io.simrt.models.RandomStream;
            import io.simrt.models.RngFamily;
            import io.simrt.models.abc.AbcBuilder;
            import io.simrt.models.abc.AbcDefinition;
            import io.simrt.models.abc.AbcModels;
            import io.simrt.models.abc.Distances;
            import io.simrt.models.abc.Prior;
            import io.simrt.models.abc.Summaries;
            import io.simrt.models.ma2.Ma2Model;
            import io.simrt.models.ma2.TrianglePrior;
            import io.simrt.models.random.RandomStreams;
            import java.util.List;

            public final class UserMa2 implements AbcDefinition {
                static final int N = 100;
                static final TrianglePrior TRI = TrianglePrior.standard();

                @Override
                public AbcBuilder define() {
                    double[] y = new double[N];
                    Ma2Model.of(N).simulate(new double[] {0.6, 0.2}, 1, RandomStreams.observed(RngFamily.FAST, 4), y);
                    return AbcModels.builder("user-ma2")
                            .parameters(List.of("t1", "t2"), new Triangle())
                            .simulator((theta, rng) -> {
                                double[] w = new double[N + 2];
                                rng.nextGaussians(w, 0, N + 2);
                                double[] x = new double[N];
                                for (int k = 0; k < N; k++) {
                                    x[k] = (w[k + 2] + theta[0] * w[k + 1]) + theta[1] * w[k];
                                }
                                return x;
                            })
                            .summary("S1", Summaries.autocov(1))
                            .summary("S2", Summaries.autocov(2))
                            .distance(Distances.euclidean())
                            .observed(y);
                }

                static final class Triangle implements Prior {
                    @Override
                    public int dimension() {
                        return 2;
                    }

                    @Override
                    public void sample(int batchSize, RandomStream rng, double[] params, int nParams, int column) {
                        for (int i = 0; i < batchSize; i++) {
                            params[i * nParams + column] = TRI.t1FromUniform(rng.nextDouble());
                        }
                        for (int i = 0; i < batchSize; i++) {
                            int at = i * nParams + column;
                            params[at + 1] = TRI.t2FromUniform(params[at], rng.nextDouble());
                        }
                    }

                    @Override
                    public double density(double[] values, int offset) {
                        return TRI.density(values[offset], values[offset + 1]);
                    }
                }
            }
            """;

    @TempDir
    static Path dir;

    private static Path jar;

    @BeforeAll
    static void compile() {
        jar = JarCompiler.compile(dir, "user-ma2.jar", Map.of(CLASS, SOURCE));
    }

    @AfterEach
    void endProcesses() throws InterruptedException {
        JvmProcess.endAll();
    }

    private static List<String> abc(long simulations) {
        return List.of(
                "abc",
                "--samples",
                "500",
                "--simulations",
                String.valueOf(simulations),
                "--batch-size",
                "10000",
                "--seed",
                "23",
                "--json",
                "--no-progress");
    }

    private static JsonNode builtInNative(long simulations) throws Exception {
        List<String> args = new ArrayList<>(abc(simulations));
        args.addAll(List.of("--model", "ma2", "--client", "native"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return JSON.readTree(run.out());
    }

    private static JvmProcess coordinator(long simulations, List<Integer> seeds) throws Exception {
        List<String> args = new ArrayList<>(abc(simulations));
        args.addAll(List.of(
                "--model",
                CLASS,
                "--model-jar",
                jar.toString(),
                "--client",
                "cluster",
                "--seed-nodes",
                String.join(",", seeds.stream().map(p -> "127.0.0.1:" + p).toList()),
                "--min-engines",
                String.valueOf(seeds.size())));
        return JvmProcess.start(
                "coordinator",
                JvmProcess.FAST_CLUSTER_FLAGS,
                Map.of("SIMRT_LOG_LEVEL", "INFO"),
                args.toArray(String[]::new));
    }

    @Test
    void stockEnginesRunAModelOnlyTheCoordinatorHasAndGiveTheBuiltInAnswer() throws Exception {
        List<Integer> ports = JvmProcess.freePorts(3);
        List<JvmProcess> engines = JvmProcess.engines(ports, ports, UP);
        JsonNode r = JSON.readTree(coordinator(1_000_000, ports).succeeded(engines, Duration.ofMinutes(4)));
        assertEquals(CLASS, r.get("model").asText());
        AbcJson.assertSameAbc(builtInNative(1_000_000), r);
        int took = 0;
        for (JvmProcess e : engines) {
            took += e.err().contains("took jar user-ma2.jar") ? 1 : 0;
        }
        assertEquals(3, took, "each engine JVM fetched the jar from the coordinator");
    }

    @Test
    void killingAnEngineMidRunLeavesTheAnswerIdentical() throws Exception {
        List<Integer> ports = JvmProcess.freePorts(3);
        List<JvmProcess> engines = JvmProcess.engines(ports, ports, UP);
        JvmProcess coordinator = coordinator(6_000_000, ports);
        coordinator.await("engine 127\\.0\\.0\\.1:" + ports.get(1) + "/e0 got its first shard", UP);
        engines.get(1).await("took jar user-ma2.jar", UP);
        Thread.sleep(2_000); // mid-run: a few batches done on every engine
        engines.get(1).kill();
        JsonNode r = JSON.readTree(coordinator.succeeded(engines, Duration.ofMinutes(4)));
        assertTrue(coordinator.err().contains("lost engine 127.0.0.1:" + ports.get(1)), coordinator.err());
        AbcJson.assertSameAbc(builtInNative(6_000_000), r);
    }
}
