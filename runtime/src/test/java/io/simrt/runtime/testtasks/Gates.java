package io.simrt.runtime.testtasks;

import io.simrt.api.EngineContext;
import io.simrt.api.Task;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task that blocks on a gate the test holds, so that a test knows when a shard is running, can keep it running
 * as long as it needs, and can see whether it was interrupted. Engines run in the test's JVM, so the task finds its
 * gate by name in a static registry; the task itself travels as a record like any other.
 */
public final class Gates {
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private Gates() {}

    /** One gate: entered when the task starts, opened by the test, interrupted if the task was interrupted. */
    public static final class Gate {
        private final String name;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);
        private final CountDownLatch interrupted = new CountDownLatch(1);
        private final AtomicInteger runs = new AtomicInteger();

        private Gate(String name) {
            this.name = name;
        }

        /** The task that waits on this gate, at most {@code max} (so that a forgotten gate cannot hold a thread). */
        public Wait task(Duration max) {
            return new Wait(name, max.toMillis());
        }

        /** Waits at most {@code timeout} for a task to start waiting on this gate. */
        public boolean awaitEntered(Duration timeout) throws InterruptedException {
            return entered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits at most {@code timeout} for the waiting task to be interrupted. */
        public boolean awaitInterrupted(Duration timeout) throws InterruptedException {
            return interrupted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean wasInterrupted() {
            return interrupted.getCount() == 0;
        }

        /** How many tasks have started on this gate. */
        public int runs() {
            return runs.get();
        }

        /** Lets the waiting task (and any later one) finish. */
        public void open() {
            opened.countDown();
        }
    }

    /** A new gate with a name no other test uses. */
    public static Gate create() {
        Gate gate = new Gate(UUID.randomUUID().toString());
        GATES.put(gate.name, gate);
        return gate;
    }

    /** Opens every gate, so that no engine thread stays blocked after a test. */
    public static void openAll() {
        GATES.values().forEach(Gate::open);
    }

    /** Waits (interruptibly, at most {@code maxMillis}) until its gate opens; returns "opened" or "timed out". */
    public record Wait(String gate, long maxMillis) implements Task<String> {
        @Override
        public String run(EngineContext engine) throws InterruptedException {
            Gate g = GATES.get(gate);
            if (g == null) {
                throw new IllegalStateException("no gate " + gate + " in this JVM");
            }
            g.runs.incrementAndGet();
            g.entered.countDown();
            try {
                return g.opened.await(maxMillis, TimeUnit.MILLISECONDS) ? "opened" : "timed out";
            } catch (InterruptedException e) {
                g.interrupted.countDown();
                throw e;
            }
        }
    }
}
