package io.simrt.examples;

import io.simrt.api.Fn;
import io.simrt.api.NativeClient;
import io.simrt.api.RemoteException;
import io.simrt.api.StarFn;
import io.simrt.runtime.view.Engines;
import io.simrt.runtime.view.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * deepdish's "double" example ({@code double_mpi.py}, {@code double_unordered.py}) on simrt: {@code imap} of a
 * function that doubles, the serial fallback without engines, {@code rank()}, an unordered starmap that carries
 * its indices, and what simrt does differently (null inputs, exceptions). Shown in {@code docs/multiplexer.md}.
 */
public final class DeepdishDoubleExample {
    private DeepdishDoubleExample() {}

    // tag::functions[]
    /** deepdish's {@code compute(x)}: 2x (a null stays null). */
    public record Twice() implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            return x == null ? null : 2 * x;
        }
    }

    /** {@code (i, x) -> [i, 2x]}: the index travels with the result, for unordered maps. */
    public record TwiceWithIndex() implements StarFn<List<Integer>> {
        @Override
        public List<Integer> apply(List<Object> args) {
            return List.of((Integer) args.get(0), 2 * (Integer) args.get(1));
        }
    }

    /** x / 2 for an even x; an odd x is an error. */
    public record Halve() implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) {
            if (x % 2 != 0) {
                throw new IllegalArgumentException(x + " is odd");
            }
            return x / 2;
        }
    }
    // end::functions[]

    // tag::imap[]
    /** {@code for x in dd.parallel.imap(compute, range(20))}: each value as soon as it and all before it are in. */
    static List<Integer> doubles(Engines engines) {
        Parallel parallel = engines.parallel();
        List<Integer> out = new ArrayList<>();
        parallel.imap(new Twice(), IntStream.range(0, 20).boxed().toList()).forEachRemaining(out::add);
        return out; // [0, 2, 4, ..., 38]
    }
    // end::imap[]

    /** What the fallback ran as. */
    record Serial(List<String> ids, int rank, List<Integer> doubles) {}

    /** The same program without engines: deepdish's fallback without {@code mpirun}. */
    static Serial doublesWithoutEngines() {
        // tag::fallback[]
        try (Engines serial = Engines.of(NativeClient.create())) { // one "engine", this thread
            List<String> ids = serial.ids(); // [native]
            int rank = serial.parallel().rank(); // 0, as on the driver of a cluster
            return new Serial(ids, rank, doubles(serial)); // doubles(serial): the same list
        }
        // end::fallback[]
    }

    // tag::unordered[]
    /** deepdish's {@code double_unordered.py}: results come as they finish; each carries its index. */
    static Integer[] doublesUnordered(Engines engines, List<Integer> values) {
        List<List<Object>> args = IntStream.range(0, values.size())
                .mapToObj(i -> List.<Object>of(i, values.get(i)))
                .toList();
        Integer[] out = new Integer[values.size()];
        engines.parallel().starmapUnordered(new TwiceWithIndex(), args).forEachRemaining(r -> out[r.get(0)] = r.get(1));
        return out;
    }
    // end::unordered[]

    /** What differs from deepdish. */
    record Differences(
            List<Integer> withNull, List<Integer> halves, String failedClass, String failedMessage, String failedOn) {}

    static Differences differences(Engines engines) {
        Parallel parallel = engines.parallel();
        // tag::differences[]
        List<Integer> withNull = new ArrayList<>();
        parallel.imap(new Twice(), Arrays.asList(1, 2, null, 4)).forEachRemaining(withNull::add);
        // [2, 4, null, 8]: deepdish took the None for the end of the input and stopped at [2, 4]

        List<Integer> halves = new ArrayList<>();
        RemoteException failure = null;
        try {
            parallel.imap(new Halve(), List.of(2, 4, 5, 6)).forEachRemaining(halves::add);
        } catch (RemoteException e) {
            failure = e;
        }
        // halves: [1, 2], the results before the failure; failure.remoteClass(): java.lang.IllegalArgumentException,
        // failure.remoteMessage(): "5 is odd", failure.engineId(): the engine it ran on.
        // Under deepdish the worker died and the master waited for its answer forever.
        // end::differences[]
        if (failure == null) {
            throw new AssertionError("Halve(5) did not fail");
        }
        return new Differences(withNull, halves, failure.remoteClass(), failure.remoteMessage(), failure.engineId());
    }
}
