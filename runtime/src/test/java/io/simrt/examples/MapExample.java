package io.simrt.examples;

import io.simrt.api.Fn;
import io.simrt.runtime.view.AsyncMap;
import io.simrt.runtime.view.Engines;
import io.simrt.runtime.view.LoadBalancedView;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The notebook's "Map": a direct map (one shard per engine) against the builtin map, the number of messages it
 * sends, a load-balanced map in chunks, ordered and unordered iteration, and waiting with a progress bar. Shown
 * in {@code docs/multiplexer.md}.
 */
public final class MapExample {
    private MapExample() {}

    // tag::functions[]
    /** x<sup>10</sup>, exactly (the notebook's {@code lambda x: x**10}; Python's integers do not overflow). */
    public record PowerOfTen() implements Fn<Integer, BigInteger> {
        @Override
        public BigInteger apply(Integer x) {
            return BigInteger.valueOf(x).pow(10);
        }
    }

    /** Sleeps {@code x} milliseconds and returns x: work whose items take different times. */
    public record Nap() implements Fn<Integer, Integer> {
        @Override
        public Integer apply(Integer x) throws InterruptedException {
            Thread.sleep(x);
            return x;
        }
    }
    // end::functions[]

    /** What the direct map showed. */
    record Direct(List<BigInteger> serial, List<BigInteger> parallel, boolean same, int messages32, int messages3200) {}

    static Direct direct(Engines engines) {
        // tag::direct[]
        List<Integer> xs = IntStream.range(0, 32).boxed().toList();
        List<BigInteger> serial =
                xs.stream().map(x -> BigInteger.valueOf(x).pow(10)).toList(); // here
        List<BigInteger> parallel = engines.all().map(new PowerOfTen(), xs); // on the engines
        boolean same = serial.equals(parallel); // true

        // one message per engine, however long the input
        int messages32 = engines.all().mapAsync(new PowerOfTen(), xs).ids().size(); // 3
        List<Integer> many = IntStream.range(0, 3200).boxed().toList();
        int messages3200 = engines.all().mapAsync(new PowerOfTen(), many).ids().size(); // 3
        // end::direct[]
        return new Direct(serial, parallel, same, messages32, messages3200);
    }

    /** What the load-balanced map showed. */
    record Balanced(int chunks, List<BigInteger> chunked, List<Integer> ordered, List<Integer> unordered) {}

    static Balanced balanced(Engines engines) {
        // tag::balanced[]
        LoadBalancedView lb = engines.loadBalanced();
        AsyncMap<BigInteger> chunked =
                lb.mapAsync(new PowerOfTen(), IntStream.range(0, 10).boxed().toList(), 3);
        int chunks = chunked.ids().size(); // 4 messages, of 3, 3, 2 and 2 inputs
        List<BigInteger> powers = chunked.get(); // in input order

        List<Integer> naps = List.of(400, 10, 20, 30, 40, 50);
        List<Integer> ordered = new ArrayList<>();
        for (Integer x : lb.mapAsync(new Nap(), naps, 1)) { // in input order: 400 first, then the rest
            ordered.add(x);
        }
        List<Integer> unordered = new ArrayList<>();
        for (Integer x : lb.mapAsync(new Nap(), naps, 1).unordered()) { // as they finish: 400 comes late
            unordered.add(x);
        }
        // end::balanced[]
        return new Balanced(chunks, powers, ordered, unordered);
    }

    static List<Integer> withProgress(Engines engines, PrintStream out) {
        // tag::progress[]
        AsyncMap<Integer> amr = engines.loadBalanced().mapAsync(new Nap(), Collections.nCopies(24, 25), 1);
        amr.waitWithProgress(out, Duration.ofMillis(50)); // redraws: [=========>      ]   8/24 tasks    0 s
        List<Integer> results = amr.get(); // ready: does not wait
        // end::progress[]
        return results;
    }
}
