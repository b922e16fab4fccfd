package io.simrt.runtime.testtasks;

import io.simrt.api.EngineContext;
import io.simrt.api.Fn;
import io.simrt.api.StarFn;
import io.simrt.api.Task;
import java.io.IOException;
import java.util.List;

/** User tasks for the multiplexer tests: records, so their fields travel with them. */
public final class Tasks {
    private Tasks() {}

    /** The id of the engine it runs on (the notebook's {@code os.getpid}). */
    public record WhoAmI() implements Task<String> {
        @Override
        public String run(EngineContext engine) {
            return engine.engineId();
        }
    }

    /** x * x. */
    public record Square() implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return x * x;
        }
    }

    /** deepdish's {@code double}: 2x, with null passed through. */
    public record Twice() implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return x == null ? null : 2 * x;
        }
    }

    /** a + b + ... for starmap. */
    public record Sum() implements StarFn<Integer> {
        @Override
        public Integer apply(List<Object> args) {
            return args.stream().mapToInt(a -> (Integer) a).sum();
        }
    }

    /** Sleeps {@code millis} (interruptibly), then returns {@code value}. */
    public record Sleep(long millis, String value) implements Task<String> {
        @Override
        public String run(EngineContext engine) throws InterruptedException {
            Thread.sleep(millis);
            return value;
        }
    }

    /** Sleeps {@code x} milliseconds and returns x: a map whose items finish out of order. */
    public record SleepFor() implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) throws InterruptedException {
            Thread.sleep(x);
            return x;
        }
    }

    /** Throws for the input {@code bad}, else returns it. */
    public record FailOn(int bad) implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            if (x == bad) {
                throw new IllegalStateException("bad input " + x);
            }
            return x;
        }
    }

    /** Always throws a checked exception. */
    public record Explode(String message) implements Task<Object> {
        @Override
        public Object run(EngineContext engine) throws IOException {
            throw new IOException(message);
        }
    }

    /** Sum of the {@code double[]} named {@code name} in the engine's namespace. */
    public record SumOfArray(String name) implements Task<Double> {
        @Override
        public Double run(EngineContext engine) {
            double s = 0;
            for (double v : (double[]) engine.namespace().get(name)) {
                s += v;
            }
            return s;
        }
    }

    /** Sets {@code name} to {@code value} on the engine (for execute). */
    public record Define(String name, Object value) implements Task<Object> {
        @Override
        public Object run(EngineContext engine) {
            engine.namespace().put(name, value);
            return null;
        }
    }
}
