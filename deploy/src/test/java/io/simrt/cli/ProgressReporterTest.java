package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void theTimerCountsFromTheRunsStartAndMovesWithoutProgress() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (ProgressReporter progress = new ProgressReporter(true, "ABC", "batches", err, 0)) {
            Thread.sleep(1100); // the run's first second, before the bar exists
            progress.batches(1, 10);
            Thread.sleep(1300); // a long batch: no progress
        }
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("0:00:02"), shown);
        // redrawn while nothing moved: the first drawing, one at least every 500 ms, the last
        long drawings = shown.chars().filter(c -> c == '\r').count();
        assertTrue(drawings >= 4, drawings + " drawings: " + shown);
    }
}
