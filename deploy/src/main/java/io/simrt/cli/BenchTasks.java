package io.simrt.cli;

import io.simrt.api.EngineContext;
import io.simrt.api.Fn;
import io.simrt.api.Task;
import java.util.concurrent.locks.LockSupport;

/**
 * The trivial user tasks the API benchmarks send to engines: records in an allowed package ({@code io.simrt.}),
 * shipped in the runnable jar, so every engine can load them. They do as little as possible, so that what is
 * measured is the runtime's round trip, not the work.
 */
public final class BenchTasks {
    private BenchTasks() {}

    /** Returns {@code value}: one apply round trip. */
    public record Echo(int value) implements Task<Integer> {
        @Override
        public Integer run(EngineContext engine) {
            return value;
        }
    }

    /** x + 1: one load-balanced map item. */
    public record Increment() implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return x + 1;
        }
    }

    /**
     * Holds its engine for {@code micros} without using a core (a park, not a spin), then returns {@code value}: a
     * shard of known duration that leaves the CPU to the coordinator, as an engine on another machine would.
     */
    public record Sleep(int value, long micros) implements Task<Integer> {
        @Override
        public Integer run(EngineContext engine) {
            long end = System.nanoTime() + micros * 1_000;
            for (long left = micros * 1_000; left > 0; left = end - System.nanoTime()) {
                LockSupport.parkNanos(left);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            return value;
        }
    }
}
