package io.simrt.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.runtime.OnLocalEngines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs the map examples of {@code docs/multiplexer.md} on three local engines. */
class MapExampleTest extends OnLocalEngines {
    MapExampleTest() {
        super(3);
    }

    @Test
    void theDirectMapIsTheBuiltinMapInOneMessagePerEngine() {
        MapExample.Direct d = MapExample.direct(engines);
        assertEquals(32, d.parallel().size());
        assertEquals(new BigInteger("819628286980801"), d.parallel().get(31), "31^10, exactly");
        assertEquals(d.serial(), d.parallel());
        assertTrue(d.same());
        assertEquals(3, d.messages32());
        assertEquals(3, d.messages3200());
    }

    @Test
    void theLoadBalancedMapCutsChunksAndIteratesInOrderOrAsTheyCome() {
        MapExample.Balanced b = MapExample.balanced(engines);
        assertEquals(4, b.chunks(), "10 inputs in chunks of 3: 3, 3, 2, 2");
        assertEquals(
                IntStream.range(0, 10)
                        .mapToObj(x -> BigInteger.valueOf(x).pow(10))
                        .toList(),
                b.chunked());
        assertEquals(List.of(400, 10, 20, 30, 40, 50), b.ordered());
        assertEquals(new HashSet<>(b.ordered()), new HashSet<>(b.unordered()));
        assertEquals(6, b.unordered().size());
        assertNotEquals(400, b.unordered().get(0), "the slow item does not come first: " + b.unordered());
    }

    @Test
    void waitingDrawsAProgressBar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Integer> r = MapExample.withProgress(engines, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(Collections.nCopies(24, 25), r);
        String bar = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(bar.contains("24/24 tasks") && bar.trim().endsWith("done"), bar);
    }
}
