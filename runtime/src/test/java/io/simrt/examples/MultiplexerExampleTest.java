package io.simrt.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the multiplexer walk of {@code docs/multiplexer.md} on three local engines and checks what it says. */
class MultiplexerExampleTest {
    @Test
    void theWalkSeesWhatTheGuideSays() {
        MultiplexerExample.Walk w =
                MultiplexerExample.run(ConfigFactory.parseString("pekko.actor.serialize-messages = on"));
        assertEquals(List.of("local/e0", "local/e1", "local/e2"), w.ids());
        assertEquals("local/e0", w.one(), "one engine: a single value");
        assertEquals(w.ids(), w.everyone(), "all: a list in engine order");
        assertEquals(List.of("local/e0", "local/e2"), w.even());
        assertEquals(List.of("local/e1"), w.odd());
        assertEquals(List.of("local/e0", "local/e1"), w.range());
        assertEquals(List.of("local/e2", "local/e0"), w.byId(), "a list of ids answers in its own order");
        assertEquals(List.of("local/e1"), w.listOfOne(), "a list of one is still a list");
        assertEquals(List.of(5, 5, 5), w.pulled());
        assertEquals(5, w.pulledFromOne());
        assertEquals(List.of(6, 6, 6), w.incremented());
        assertEquals(List.of(7, 6, 6), w.afterExecute(), "execute on engine 0 changed only its namespace");
        assertEquals("local/e0", w.missingOn());
        assertEquals("name 'a' is not defined on engine local/e0", w.missingMessage());
    }
}
