package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.inference.store.PostgresServer;
import org.junit.jupiter.api.Test;

/**
 * abc with its runs stored in PostgreSQL ({@code --store jdbc:postgresql://...}), on a real server this test starts on
 * a loopback port: the run is stored, a second run reuses its batches, and the printed store hides the password.
 */
class RunStorePostgresCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsAreStoredInPostgresqlAndReused() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            String url = server.newDatabase("cli") + "&password=secret";
            String[] args = {
                "abc",
                "--model",
                "ma2",
                "--client",
                "native",
                "--seed",
                "3",
                "--samples",
                "300",
                "--simulations",
                "20000",
                "--batch-size",
                "2000",
                "--json",
                "--no-progress",
                "--store",
                url
            };
            CliRun first = CliRun.of(args);
            assertEquals(0, first.status(), first.err());
            JsonNode a = JSON.readTree(first.out());
            assertEquals(10, a.get("batchesRun").asInt());
            assertTrue(
                    a.get("store").asText().endsWith("&password=***"),
                    a.get("store").asText());

            CliRun second = CliRun.of(args);
            assertEquals(0, second.status(), second.err());
            JsonNode b = JSON.readTree(second.out());
            assertEquals(10, b.get("batchesReused").asInt());
            assertEquals(0, b.get("batchesRun").asInt());
            AbcJson.assertSameAbc(a, b);
        }
    }
}
