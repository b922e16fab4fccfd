package io.simrt.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.NativeClient;
import io.simrt.runtime.OnLocalEngines;
import io.simrt.runtime.view.Engines;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs deepdish's "double" example of {@code docs/multiplexer.md} on two local engines and without engines. */
class DeepdishDoubleExampleTest extends OnLocalEngines {
    private static final List<Integer> DOUBLED =
            IntStream.range(0, 20).map(x -> 2 * x).boxed().toList();

    DeepdishDoubleExampleTest() {
        super(2);
    }

    @Test
    void imapDoublesInOrder() {
        assertEquals(DOUBLED, DeepdishDoubleExample.doubles(engines));
        assertEquals(0, engines.parallel().rank());
    }

    @Test
    void theSerialFallbackGivesTheSameList() {
        DeepdishDoubleExample.Serial s = DeepdishDoubleExample.doublesWithoutEngines();
        assertEquals(List.of("native"), s.ids());
        assertEquals(0, s.rank());
        assertEquals(DOUBLED, s.doubles());
    }

    @Test
    void theUnorderedStarmapPutsEachResultAtItsIndex() {
        List<Integer> values = IntStream.range(0, 20).boxed().toList();
        assertArrayEquals(DOUBLED.toArray(new Integer[0]), DeepdishDoubleExample.doublesUnordered(engines, values));
        try (Engines serial = Engines.of(NativeClient.create())) {
            assertArrayEquals(DOUBLED.toArray(new Integer[0]), DeepdishDoubleExample.doublesUnordered(serial, values));
        }
    }

    @Test
    void nullsAreInputsAndExceptionsReachTheCaller() {
        DeepdishDoubleExample.Differences d = DeepdishDoubleExample.differences(engines);
        assertEquals(Arrays.asList(2, 4, null, 8), d.withNull());
        assertEquals(List.of(1, 2), d.halves(), "the results before the failure arrived, in order");
        assertEquals("java.lang.IllegalArgumentException", d.failedClass());
        assertEquals("5 is odd", d.failedMessage());
        assertTrue(engines.ids().contains(d.failedOn()), d.failedOn());

        try (Engines serial = Engines.of(NativeClient.create())) {
            DeepdishDoubleExample.Differences s = DeepdishDoubleExample.differences(serial);
            assertEquals(d.withNull(), s.withNull());
            assertEquals(d.halves(), s.halves());
            assertEquals("5 is odd", s.failedMessage());
            assertEquals("native", s.failedOn());
        }
    }
}
