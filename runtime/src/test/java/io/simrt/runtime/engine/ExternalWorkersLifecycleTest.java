package io.simrt.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchRequest;
import io.simrt.config.modelfile.ModelFile;
import io.simrt.config.modelfile.ModelFileSpec;
import io.simrt.models.RngFamily;
import io.simrt.models.external.ExternalSimulator;
import io.simrt.runtime.EngineKit;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.Work;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An engine's external workers (examples/external/ma2-python.conf) end with the engine's hold on the model: when its
 * owner releases or purges it, and when the engine stops. Checked by pid. Needs python3 with numpy (.ci/run installs
 * Debian's); fails without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalWorkersLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CONF =
            Path.of("../examples/external/ma2-python.conf").toAbsolutePath().normalize();

    private EngineKit engines;
    private ActorTestKit kit;
    private ModelFileSpec spec;
    private SpecEnvelope env;

    @BeforeAll
    void start() {
        engines = new EngineKit("external-workers", AllowedClasses.of(List.of("io.simrt.")));
        kit = engines.kit();
        spec = ModelFile.load(CONF);
        env = new SpecCodec(AllowedClasses.of(List.of("io.simrt."))).encode(spec);
    }

    @AfterAll
    void stop() throws InterruptedException {
        engines.close();
    }

    /** The pids of the workers this JVM runs for the model's command. */
    private List<Long> workers() {
        try (ExternalSimulator probe = ExternalSimulator.of(spec.external().toCommand(), 2, 2)) {
            return probe.workerPids();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Claims a new engine, runs a batch on it, ends the engine's hold as {@code end} says: its worker must end. */
    private void workersEndWhen(Consumer<Claimed> end) {
        ActorRef<Engine.Command> engine = engines.spawnEngine();
        TestProbe<Object> owner = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> claim = kit.createTestProbe();
        engine.tell(new Engine.Claim(owner.ref(), claim.ref()));
        assertInstanceOf(Engine.Claimed.class, claim.receiveMessage(WAIT));
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        Work work = Work.AbcBatch.of(env.modelId(), BatchRequest.fromPrior(RngFamily.FAST, 1, 0, 50));
        engine.tell(new Engine.RunShard(owner.ref(), new ShardKey(1, 0), work, Optional.of(env), replies.ref()));
        assertInstanceOf(Engine.ShardDone.class, replies.receiveMessage(WAIT));
        List<Long> pids = workers();
        assertEquals(1, pids.size(), "one worker for the engine's batch");
        assertTrue(alive(pids.get(0)));
        end.accept(new Claimed(engine, owner));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (alive(pids.get(0)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(alive(pids.get(0)), "worker " + pids.get(0) + " outlived the engine's hold on its model");
        assertEquals(List.of(), workers());
    }

    private record Claimed(ActorRef<Engine.Command> engine, TestProbe<Object> owner) {}

    @Test
    void aPurgeEndsTheWorkers() {
        workersEndWhen(c -> {
            TestProbe<Engine.Purged> purged = kit.createTestProbe();
            c.engine().tell(new Engine.Purge(c.owner().ref(), purged.ref()));
            assertEquals(1, purged.receiveMessage(WAIT).models());
        });
    }

    @Test
    void aReleaseEndsTheWorkers() {
        workersEndWhen(c -> c.engine().tell(new Engine.Release(c.owner().ref())));
    }

    @Test
    void theEnginesStopEndsTheWorkers() {
        workersEndWhen(c -> engines.stop(c.engine()));
    }
}
