package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.engine.EngineSettings;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.testtasks.Gates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One actor system for a test class of actor tests ({@link TestConfigs#base()}: every message serialized), real
 * engines whose shards run on a thread pool of the test, and gates for tasks that block. {@link #reset()} after each
 * test opens the gates and stops the engines; {@link #close()} after the class.
 */
public final class EngineKit implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(5);
    /** A blocking task never waits longer than this, so that a failed test cannot hold an engine thread for long. */
    public static final Duration GATE_MAX = Duration.ofSeconds(20);

    private final ActorTestKit kit;
    private final ExecutorService executor;
    private final AllowedClasses allowed;
    private final List<ActorRef<Engine.Command>> engines = new ArrayList<>();
    private final Map<ActorRef<Engine.Command>, String> ids = new HashMap<>();
    private final List<Gates.Gate> gates = new ArrayList<>();
    private final AtomicInteger names = new AtomicInteger();

    public EngineKit(String name, AllowedClasses allowed) {
        this.kit = ActorTestKit.create(name, TestConfigs.base().withFallback(ConfigFactory.load()));
        this.allowed = allowed;
        AtomicInteger threads = new AtomicInteger();
        // each engine keeps one thread for its life: a cached pool grows with the engines a test spawns
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-engine-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ActorTestKit kit() {
        return kit;
    }

    /** A unique number for naming actors of this kit. */
    public int next() {
        return names.incrementAndGet();
    }

    /** A new engine, {@code test/eN}, free, reporting this JVM's heap. */
    public ActorRef<Engine.Command> spawnEngine() {
        return spawnEngine(Runtime.getRuntime().maxMemory());
    }

    /** A new engine, {@code test/eN}, free, reporting a heap of {@code heapBytes} (whatever this JVM has). */
    public ActorRef<Engine.Command> spawnEngine(long heapBytes) {
        return spawnEngine(heapBytes, SimrtSettings.Code.DEFAULT);
    }

    /** A new engine, {@code test/eN}, free, taking shipped code as {@code code} says. */
    public ActorRef<Engine.Command> spawnEngine(SimrtSettings.Code code) {
        return spawnEngine(Runtime.getRuntime().maxMemory(), code);
    }

    private ActorRef<Engine.Command> spawnEngine(long heapBytes, SimrtSettings.Code code) {
        int n = next();
        String id = "test/e" + n;
        ActorRef<Engine.Command> engine = kit.spawn(
                Engine.create(
                        new EngineSettings(id, allowed, executor, Long.MAX_VALUE, Integer.MAX_VALUE, heapBytes, code)),
                "engine-" + n);
        engines.add(engine);
        ids.put(engine, id);
        return engine;
    }

    public String idOf(ActorRef<Engine.Command> engine) {
        return ids.get(engine);
    }

    /** Stops {@code engine} now (a test that loses one) and forgets it. */
    public void stop(ActorRef<Engine.Command> engine) {
        kit.stop(engine, WAIT);
        engines.remove(engine);
    }

    public Engine.EngineStatus status(ActorRef<Engine.Command> engine) {
        TestProbe<Engine.EngineStatus> probe = kit.createTestProbe();
        engine.tell(new Engine.GetStatus(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    /** A gate this kit opens after the test. */
    public Gates.Gate gate() {
        Gates.Gate g = Gates.create();
        gates.add(g);
        return g;
    }

    /** Opens every gate and stops every engine (after each test). */
    public void reset() {
        gates.forEach(Gates.Gate::open);
        gates.clear();
        engines.forEach(e -> kit.stop(e, WAIT));
        engines.clear();
    }

    @Override
    public void close() throws InterruptedException {
        kit.shutdownTestKit();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS), "engine threads ended");
    }
}
