package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.ClientKind;
import io.simrt.api.EngineFailedException;
import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import io.simrt.api.SimrtTimeoutException;
import io.simrt.config.HostPort;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.model.ParallelizedModel;
import io.simrt.runtime.node.InJvmCluster;
import io.simrt.runtime.testmodels.ProbeModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/** Failures reach the caller as typed errors carrying the engine and the cause; nothing hangs; engines recover. */
class FailureTest {

    private static ModelParams column(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.2 + 0.01 * i;
        }
        return ModelParams.column(w);
    }

    private static Throwable cause(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the future hung", e);
        }
    }

    @Test
    void anExceptionInTheModelCarriesEngineAndCauseAndEnginesStayUsable() {
        try (RuntimeClient client = RuntimeClient.local(2, 1, TestConfigs.base())) {
            ParallelizedModel pm = ParallelizedModel.of(ProbeModel.of(0, 10), client, 0);
            RemoteException e = assertThrows(
                    RemoteException.class, () -> pm.likelihood(new int[] {0}, column(40), ExpParams.times(1)));
            assertTrue(e.engineId().matches("local/e[01]"), e.engineId());
            assertEquals(IllegalStateException.class.getName(), e.remoteClass());
            assertTrue(e.getMessage().contains("probe failure on 20 models"), e.getMessage());
            Tensor3 ok = pm.likelihood(new int[] {0}, column(16), ExpParams.times(1));
            assertEquals(ProbeModel.of(0, 0).likelihood(new int[] {0}, column(16), ExpParams.times(1)), ok);
        }
    }

    @Test
    void requestTimeoutComesFromSettingsAndEnginesRecover() {
        try (RuntimeClient client =
                RuntimeClient.local(1, 1, TestConfigs.with("simrt.coordinator.request-timeout = 400ms"))) {
            ParallelizedModel slow = ParallelizedModel.of(ProbeModel.of(1500, 0), client, 0);
            long t0 = System.nanoTime();
            SimrtTimeoutException e = assertThrows(
                    SimrtTimeoutException.class, () -> slow.likelihood(new int[] {0}, column(4), ExpParams.times(1)));
            assertTrue(e.getMessage().contains("likelihood of 4 models"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "timed out promptly");
            ParallelizedModel fast = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0);
            Tensor3 ok = fast.likelihood(new int[] {0}, column(8), ExpParams.times(1));
            assertEquals(SimplePrecessionModel.of().likelihood(new int[] {0}, column(8), ExpParams.times(1)), ok);
        }
    }

    @Test
    void aModelClassOutsideTheAllowedPackagesIsRefusedWithItsName() {
        try (RuntimeClient client =
                RuntimeClient.local(2, 1, TestConfigs.with("simrt.engine.allowed-packages = [\"io.simrt.models.\"]"))) {
            ParallelizedModel probe = ParallelizedModel.of(ProbeModel.of(0, 0), client, 0);
            EngineFailedException e = assertThrows(
                    EngineFailedException.class, () -> probe.likelihood(new int[] {0}, column(10), ExpParams.times(1)));
            assertTrue(e.getMessage().contains(ProbeModel.Spec.class.getName()), e.getMessage());
            assertTrue(e.getMessage().contains("not in the allowed packages [io.simrt.models.]"), e.getMessage());
            ParallelizedModel ok = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0);
            assertEquals(
                    SimplePrecessionModel.of().likelihood(new int[] {1}, column(10), ExpParams.times(3)),
                    ok.likelihood(new int[] {1}, column(10), ExpParams.times(3)));
        }
    }

    /**
     * Artery drops an oversized frame with only a log line; simrt turns it into an error for the caller. With the bulk
     * lane on, the same arrays leave the message (BulkLaneTest); here it is off, so they stay inline.
     */
    @Test
    void messagesOverTheFrameSizeFailClearlyBothWays() throws Exception {
        var config = TestConfigs.with("""
                simrt.bulk.enabled = off
                pekko.remote.artery.advanced.maximum-frame-size = 256 KiB
                pekko.remote.artery.advanced.maximum-large-frame-size = 256 KiB
                """);
        try (InJvmCluster cluster = InJvmCluster.start(new int[] {0, 1}, config, Duration.ofSeconds(30));
                RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL)) {
            client.awaitEngines(1, Duration.ofSeconds(20));
            BatchSimulator sim = client.simulator(Ma2Abc.of(100, 0.62, 0.17));
            // reply too large: 20,000 x (2 params + 1 distance) doubles ~ 540 kB
            Throwable reply = cause(sim.submit(BatchRequest.fromPrior(RngFamily.FAST, 1, 0, 20_000)));
            assertTrue(reply instanceof EngineFailedException, String.valueOf(reply));
            assertTrue(reply.getMessage().contains("over the remote frame limit of 262144 bytes"), reply.getMessage());
            // request too large: 40,000 proposals ~ 720 kB
            Throwable request =
                    cause(sim.submit(BatchRequest.withProposals(RngFamily.FAST, 1, 1, 40_000, new double[80_000])));
            assertTrue(request instanceof EngineFailedException, String.valueOf(request));
            assertTrue(request.getMessage().contains("maximum-frame-size"), request.getMessage());
            // the engine is still usable
            BatchOutput ok = sim.submit(BatchRequest.fromPrior(RngFamily.FAST, 1, 2, 1000))
                    .get(30, TimeUnit.SECONDS);
            assertEquals(1000, ok.size());
        }
    }

    /** An engine node stopped abruptly mid-request: its shards go to the others and the answer is unchanged. */
    @Test
    void aLostEnginesShardsAreSentAgain() throws Exception {
        try (InJvmCluster cluster =
                        InJvmCluster.start(new int[] {0, 1, 1}, TestConfigs.base(), Duration.ofSeconds(30));
                RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL)) {
            client.awaitEngines(2, Duration.ofSeconds(20));
            ParallelizedModel pm = ParallelizedModel.of(ProbeModel.of(300, 0), client, 0);
            ModelParams mps = column(200);
            Tensor3 expected = ProbeModel.of(0, 0).likelihood(new int[] {0, 1}, mps, ExpParams.times(1, 2));
            ProbeModel.THREADS.clear();
            CompletableFuture<Tensor3> call =
                    CompletableFuture.supplyAsync(() -> pm.likelihood(new int[] {0, 1}, mps, ExpParams.times(1, 2)));
            // crash a node once both engines are busy with their shards
            TestProbe.create(cluster.node(0).system()).awaitAssert(Duration.ofSeconds(20), () -> {
                assertTrue(ProbeModel.THREADS.size() >= 2);
                return null;
            });
            cluster.crash(2);
            assertEquals(expected, call.get(60, TimeUnit.SECONDS));
            assertEquals(1, client.engines());
            // and a later call runs on what is left
            assertEquals(expected, pm.likelihood(new int[] {0, 1}, mps, ExpParams.times(1, 2)));
        }
    }

    @Test
    void noEnginesWithinTheJoinTimeoutIsAClearError() {
        SimrtException e = assertThrows(
                SimrtException.class,
                () -> RuntimeClient.cluster(
                        List.of(HostPort.parse("seed", "127.0.0.1:1")),
                        "127.0.0.1",
                        0,
                        1,
                        Duration.ofSeconds(2),
                        TestConfigs.base()));
        assertTrue(e.getMessage().contains("could not join the cluster at [127.0.0.1:1] within 2 s"), e.getMessage());
    }
}
