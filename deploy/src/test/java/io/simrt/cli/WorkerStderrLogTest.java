package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.simrt.models.CurrentBatch;
import io.simrt.models.RngFamily;
import io.simrt.models.external.ExternalSimulator;
import io.simrt.models.external.WorkerCommand;
import io.simrt.models.random.RandomStreams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An external worker's stderr reaches the engine's log (Logback, through slf4j-jdk-platform-logging, since the
 * Pekko-free models module logs through System.Logger), each line with the batch it came from. Needs python3 with
 * numpy (.ci/run installs Debian's).
 */
class WorkerStderrLogTest {
    private static final Path HELPER =
            Path.of("../examples/external/python").toAbsolutePath().normalize();
    private static final String WORKER = "import sys\n"
            + "from simrt_worker import serve\n"
            + "def simulate(params, seed):\n"
            + "    print('stderr of a worker at work', file=sys.stderr, flush=True)\n"
            + "    return params\n"
            + "serve(simulate)\n";

    @Test
    void theWorkersStderrIsInTheEngineLogWithTheBatchIndex() throws InterruptedException {
        Logger logger = (Logger) LoggerFactory.getLogger(ExternalSimulator.class.getName());
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        // the lines are INFO: an engine node logs them; the command line (WARN unless SIMRT_LOG_LEVEL says) does not,
        // and an earlier test in this JVM may have set that level
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO);
        WorkerCommand cmd = WorkerCommand.of(List.of("python3", "-c", WORKER))
                .withEnvironment(Map.of("PYTHONPATH", HELPER.toString()));
        try (ExternalSimulator sim = ExternalSimulator.of(cmd, 2, 2)) {
            double[] out = new double[4];
            CurrentBatch.during(
                    3,
                    () -> sim.simulate(
                            new double[] {1, 2, 3, 4},
                            2,
                            RandomStreams.of(RngFamily.FAST, 5).block(3),
                            out));
            assertEquals(4.0, out[3]);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (lines(appender).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> lines = lines(appender);
            assertEquals(1, lines.size(), "the worker's one stderr line: " + lines);
            assertTrue(lines.get(0).contains("batch 3 (seed "), lines.get(0)); // or "idle after batch 3", if read late
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
    }

    private static List<String> lines(ListAppender<ILoggingEvent> appender) {
        synchronized (appender.list) {
            return appender.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("stderr of a worker at work"))
                    .toList();
        }
    }
}
