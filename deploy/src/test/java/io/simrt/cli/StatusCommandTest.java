package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code simrt status} says what it does: its help, its refusals. */
class StatusCommandTest {
    @Test
    void helpDescribesTheObserverNotAnEngineNode() {
        CliRun run = CliRun.of("status", "--help");
        assertEquals(0, run.status(), run.err());
        assertFalse(run.out().contains("17355"), run.out());
        assertFalse(run.out().contains("new cluster"), run.out());
        assertTrue(run.out().contains("Members to join (required)"), run.out());
        assertTrue(run.out().contains("Default: 0, a free one"), run.out());
    }

    @Test
    void withoutSeedNodesItIsRefused() {
        CliRun run = CliRun.of("status");
        assertEquals(Simrt.USAGE, run.status(), run.err());
        assertTrue(run.err().contains("status needs --seed-nodes"), run.err());
    }
}
