package io.simrt.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.view.Engines;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs the scatter/gather example of {@code docs/multiplexer.md} on three local engines. */
class ScatterGatherExampleTest {
    @Test
    void partsAreContiguousAndJoinBack() {
        try (RuntimeClient client =
                        RuntimeClient.local(3, 1, ConfigFactory.parseString("pekko.actor.serialize-messages = on"));
                Engines engines = Engines.of(client)) {
            ScatterGatherExample.Seen s = ScatterGatherExample.run(engines);
            assertEquals(
                    List.of(List.of(0, 1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10), List.of(11, 12, 13, 14, 15)),
                    s.parts(),
                    "array_split: 16 over 3 is 6, 5, 5");
            assertEquals(IntStream.range(0, 16).boxed().toList(), s.gathered());
            assertEquals(List.of(15, 40, 65), s.sums());
            assertEquals(List.of(List.of("local/e0"), List.of("local/e1"), List.of("local/e2")), s.idLists());
            assertEquals(List.of("local/e0", "local/e1", "local/e2"), s.idItems());
            assertEquals(List.of(true, true, true), s.ownIds());
            assertArrayEquals(IntStream.range(0, 10).asDoubleStream().toArray(), (double[]) s.gatheredArray(), 0.0);
            assertEquals(List.of(4, 3, 3), s.arrayLengths());
        }
    }
}
