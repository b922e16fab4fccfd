package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

/** What two ABC runs' {@code --json} outputs share when their answers are the same bit for bit. */
public final class AbcJson {
    private AbcJson() {}

    /** Threshold, means, 95% intervals and simulation count agree exactly. */
    public static void assertSameAbc(JsonNode expected, JsonNode actual) {
        assertEquals(
                expected.get("threshold").asDouble(), actual.get("threshold").asDouble(), 0.0);
        assertEquals(expected.get("means"), actual.get("means"));
        assertEquals(expected.get("intervals95"), actual.get("intervals95"));
        assertEquals(expected.get("simulations"), actual.get("simulations"));
    }
}
