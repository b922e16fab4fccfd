package io.simrt.runtime.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.config.SimrtSettings;
import io.simrt.models.RngFamily;
import io.simrt.runtime.EngineKit;
import io.simrt.runtime.engine.CodeRequest;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two versions of one class name side by side in one JVM: two engines, each owned by its own coordinator (probes),
 * each shipped its own jar of {@code com.example.Shifted}. Each runs its owner's version; when one owner lets go,
 * its loader is collected while the other's lives on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedCodeIsolationTest {
    private static final Duration WAIT = EngineKit.WAIT;
    private static final SpecCodec COORDINATOR = new SpecCodec(AllowedClasses.of(List.of("io.simrt.", "com.example.")));

    @TempDir
    Path dir;

    private EngineKit engines;
    private ActorTestKit kit;

    @BeforeAll
    void start() {
        engines = new EngineKit("shipped-isolation", AllowedClasses.of(List.of("io.simrt.")));
        kit = engines.kit();
    }

    @AfterAll
    void stop() throws InterruptedException {
        engines.reset();
        engines.close();
    }

    /** An engine owned by a probe that ships {@code jar}, after one batch of the jar's model has run on it. */
    private final class Owned {
        final ActorRef<Engine.Command> engine = engines.spawnEngine(SimrtSettings.Code.DEFAULT);
        final TestProbe<Object> owner = kit.createTestProbe();
        final TestProbe<CodeRequest> server = kit.createTestProbe();
        final TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        final double[] distances;

        Owned(Path jar) throws Exception {
            TestProbe<Engine.ClaimReply> claim = kit.createTestProbe();
            engine.tell(new Engine.Claim(owner.ref(), claim.ref(), Optional.of(server.ref())));
            assertInstanceOf(Engine.Claimed.class, claim.receiveMessage(WAIT));
            SpecEnvelope env =
                    COORDINATOR.encode(ShiftedModelJar.load(jar, 0.5, 0.1).spec());
            Work work = Work.AbcBatch.of(env.modelId(), BatchRequest.fromPrior(RngFamily.ELFI, 7, 0, 50));
            engine.tell(new Engine.RunShard(owner.ref(), new ShardKey(1, 0), work, Optional.of(env), replies.ref()));
            CodeRequest.Locate locate = assertInstanceOf(CodeRequest.Locate.class, server.receiveMessage(WAIT));
            byte[] bytes = Files.readAllBytes(jar);
            JarRef ref = new JarRef(Sha256.hex(bytes), jar.getFileName().toString(), bytes.length);
            locate.replyTo().tell(new Engine.CodeLocated(env.modelId(), List.of(ref), List.of("com.example."), ""));
            CodeRequest.Fetch fetch = assertInstanceOf(CodeRequest.Fetch.class, server.receiveMessage(WAIT));
            fetch.replyTo().tell(new Engine.CodeArrived(ref, bytes, ""));
            Engine.ShardDone done = assertInstanceOf(Engine.ShardDone.class, replies.receiveMessage(WAIT));
            BatchOutput out = ((WorkResult.Batch) done.result()).toOutput();
            distances = out.distances();
        }
    }

    @Test
    void eachOwnerRunsItsOwnVersionAndALoaderGoesWithItsOwner() throws Exception {
        Owned a = new Owned(ShiftedModelJar.build(dir, "side-a.jar", 10.0, 0));
        Owned b = new Owned(ShiftedModelJar.build(dir, "side-b.jar", 500.0, 0));
        for (int i = 0; i < a.distances.length; i++) {
            assertEquals(a.distances[i] - 10.0, b.distances[i] - 500.0, 1e-9, "row " + i);
        }
        List<WeakReference<?>> loadersA = ShiftedModelJar.engineLoaders(10.0);
        List<WeakReference<?>> loadersB = ShiftedModelJar.engineLoaders(500.0);
        assertEquals(1, loadersA.size());
        assertEquals(1, loadersB.size());
        assertTrue(loadersA.get(0).get() != loadersB.get(0).get(), "two loaders, one per owner");

        a.engine.tell(new Engine.Release(a.owner.ref()));
        assertTrue(CodeShippingTest.collected(loadersA, Duration.ofSeconds(20)), "the released owner's loader went");
        assertNotNull(loadersB.get(0).get(), "the other owner's loader stays while it owns its engine");
        assertEquals(1, engines.status(b.engine).models().size());
    }
}
