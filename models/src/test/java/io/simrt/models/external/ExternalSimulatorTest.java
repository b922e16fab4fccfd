package io.simrt.models.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.CurrentBatch;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external simulator against real Python workers (src/test/resources/external/test_worker.py, on top of
 * examples/external/python/simrt_worker.py). Python 3 with numpy must be installed (.ci/run installs Debian's): these
 * tests fail, not skip, without it.
 */
class ExternalSimulatorTest {
    static final Path HELPER =
            Path.of("../examples/external/python").toAbsolutePath().normalize();
    static final Path TEST_WORKER =
            Path.of("src/test/resources/external/test_worker.py").toAbsolutePath();
    static final int ROWS = 5;
    static final int COLS = 2;

    @TempDir
    Path tmp;

    private final List<ExternalSimulator> opened = new ArrayList<>();

    @BeforeAll
    static void pythonWithNumpy() throws Exception {
        Process p =
                new ProcessBuilder("python3", "-c", "import numpy").inheritIO().start();
        assertEquals(0, p.waitFor(), "python3 with numpy is needed: apt-get install -y python3 python3-numpy");
    }

    @AfterEach
    void closeAll() {
        opened.forEach(ExternalSimulator::close);
    }

    private ExternalSimulator simulator(String mode, Duration batchTimeout, int attempts) {
        return open(command(mode, batchTimeout, attempts));
    }

    private ExternalSimulator open(WorkerCommand cmd) {
        ExternalSimulator sim = ExternalSimulator.of(cmd, COLS, 3);
        opened.add(sim);
        return sim;
    }

    private WorkerCommand command(String mode, Duration batchTimeout, int attempts) {
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONPATH", HELPER.toString());
        env.put("SIMRT_TEST_MODE", mode);
        env.put("SIMRT_TEST_MARKER", tmp.resolve("marker").toString());
        return WorkerCommand.of(List.of("python3", TEST_WORKER.toString()))
                .withDirectory(tmp)
                .withEnvironment(env)
                .withTimeouts(Duration.ofSeconds(30), batchTimeout)
                .withAttempts(attempts);
    }

    private static double[] params() {
        double[] p = new double[ROWS * COLS];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.25 * i - 1;
        }
        return p;
    }

    private static double[] run(ExternalSimulator sim, long block) {
        double[] out = new double[ROWS * 3];
        sim.simulate(params(), ROWS, RandomStreams.of(RngFamily.FAST, 42).block(block), out);
        return out;
    }

    private static long expectedSeed(long block) {
        return RandomStreams.of(RngFamily.FAST, 42).block(block).nextLong();
    }

    @Test
    void roundTripsRowsAndTheBatchSeed() {
        ExternalSimulator sim = simulator("ok", Duration.ofSeconds(30), 1);
        for (long block = 0; block < 3; block++) {
            double[] out = run(sim, block);
            double[] p = params();
            for (int r = 0; r < ROWS; r++) {
                assertEquals(p[r * COLS] + p[r * COLS + 1], out[r * 3]);
                assertEquals((double) Long.remainderUnsigned(expectedSeed(block), 1000), out[r * 3 + 1]);
                assertEquals(r, out[r * 3 + 2]);
            }
        }
        assertEquals(1, sim.workerPids().size(), "one thread, one long-lived worker");
    }

    @Test
    void aWorkerThatCrashesIsRestartedAndTheAnswerDoesNotChange() {
        double[] clean = run(simulator("ok", Duration.ofSeconds(30), 1), 7);
        ExternalSimulator crashing = simulator("crash-once", Duration.ofSeconds(30), 3);
        assertArrayEquals(clean, run(crashing, 7));
        assertTrue(Files.exists(tmp.resolve("marker")), "the first worker did crash");
    }

    @Test
    void aWorkerThatHangsIsKilledAtTheTimeoutAndRestarted() {
        double[] clean = run(simulator("ok", Duration.ofSeconds(30), 1), 3);
        ExternalSimulator hanging = simulator("hang-once", Duration.ofSeconds(3), 3);
        assertArrayEquals(clean, run(hanging, 3));
    }

    @Test
    void aWorkerThatKeepsFailingEndsWithOneErrorNamingCommandStatusAndStderr() {
        ExternalSimulator sim = simulator("always-fail", Duration.ofSeconds(30), 3);
        ExternalWorkerException e = assertThrows(ExternalWorkerException.class, () -> run(sim, 0));
        String m = e.getMessage();
        assertTrue(m.contains(TEST_WORKER.toString()), m);
        assertTrue(m.contains("failed 3 time(s)"), m);
        assertTrue(m.contains("exit status 3"), m);
        assertTrue(m.contains("failure line 29"), m);
        assertFalse(m.contains("failure line 9\n"), "only the last " + Worker.STDERR_LINES + " lines: " + m);
    }

    @Test
    void garbageBytesAreANamedProtocolError() {
        ExternalSimulator sim = simulator("garbage", Duration.ofSeconds(30), 1);
        ExternalWorkerException e = assertThrows(ExternalWorkerException.class, () -> run(sim, 0));
        assertTrue(e.getCause() instanceof ProtocolException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().contains("must start with SIMRTREP"), e.getMessage());
    }

    @Test
    void aReplyWithTheWrongRowCountIsANamedProtocolError() {
        ExternalSimulator sim = simulator("wrong-rows", Duration.ofSeconds(30), 1);
        ExternalWorkerException e = assertThrows(ExternalWorkerException.class, () -> run(sim, 0));
        assertTrue(e.getCause() instanceof ProtocolException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().contains("the reply is 6 x 3, the request needs 5 x 3"), e.getMessage());
    }

    @Test
    void aCommandThatDoesNotExistFailsWithItsName() {
        WorkerCommand cmd =
                WorkerCommand.of(List.of("/nonexistent/simrt-worker")).withAttempts(2);
        ExternalSimulator sim = ExternalSimulator.of(cmd, COLS, 3);
        opened.add(sim);
        ExternalWorkerException e = assertThrows(ExternalWorkerException.class, () -> run(sim, 0));
        assertTrue(e.getMessage().contains("/nonexistent/simrt-worker"), e.getMessage());
    }

    @Test
    void closeLeavesNoProcessBehind() throws IOException {
        ExternalSimulator sim = simulator("ok", Duration.ofSeconds(30), 1);
        run(sim, 0);
        List<Long> pids = sim.workerPids();
        assertEquals(1, pids.size());
        sim.close();
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "worker " + pid + " alive");
        }
        assertTrue(sim.workerPids().isEmpty());
    }

    @Test
    void aPoolCutsTheBatchIntoSlicesEachWithItsOwnSeedOnItsOwnWorker() {
        ExternalSimulator sim = open(command("ok", Duration.ofSeconds(30), 1).withPoolSize(2));
        double[] out = run(sim, 4);
        assertArrayEquals(out, run(sim, 4), "the same batch gives the same answer");
        RandomStream stream = RandomStreams.of(RngFamily.FAST, 42).block(4);
        long[] seeds = {stream.nextLong(), stream.nextLong()};
        int[] sliceOf = {0, 0, 0, 1, 1}; // 5 rows in 2 slices: 3 then 2
        int[] rowInSlice = {0, 1, 2, 0, 1};
        double[] p = params();
        for (int r = 0; r < ROWS; r++) {
            assertEquals(p[r * COLS] + p[r * COLS + 1], out[r * 3], "row " + r);
            assertEquals((double) Long.remainderUnsigned(seeds[sliceOf[r]], 1000), out[r * 3 + 1], "row " + r);
            assertEquals(rowInSlice[r], out[r * 3 + 2], "row " + r);
        }
        assertEquals(2, sim.workerPids().size(), "the two slices ran at once, on two workers");
    }

    @Test
    void aNaNInAReplyIsANamedErrorUnlessAllowed() {
        ExternalSimulator refusing = simulator("nan", Duration.ofSeconds(30), 3);
        ExternalWorkerException e =
                assertThrows(ExternalWorkerException.class, () -> CurrentBatch.during(9, () -> run(refusing, 9)));
        assertTrue(e.getMessage().contains("replied NaN as value 1 of row 2 of batch 9"), e.getMessage());
        assertTrue(e.getMessage().contains("nan = allow"), e.getMessage());
        assertEquals(1, refusing.workerPids().size(), "a NaN is the model's answer, not a broken worker: no restart");

        ExternalSimulator allowing =
                open(command("nan", Duration.ofSeconds(30), 1).withNanAllowed(true));
        double[] out = run(allowing, 9);
        assertTrue(Double.isNaN(out[2 * 3 + 1]));
        assertFalse(Double.isNaN(out[1 * 3 + 1]));
    }

    @Test
    void theWorkersStderrIsLoggedWithTheBatchIndex() throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(ExternalSimulator.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(handler);
        try {
            ExternalSimulator sim = simulator("chatty", Duration.ofSeconds(30), 1);
            CurrentBatch.during(12, () -> run(sim, 12));
            long end = System.nanoTime() + 10_000_000_000L;
            while (lines.stream().noneMatch(l -> l.contains("simulating 5 rows")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            String line = lines.stream()
                    .filter(l -> l.contains("simulating 5 rows"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no stderr line logged: " + lines));
            // a line read after the reply says "idle after batch 12 (...)": the batch is named either way
            assertTrue(line.contains("batch 12 (seed " + Long.toUnsignedString(expectedSeed(12)) + "))"), line);
        } finally {
            jul.removeHandler(handler);
        }
    }

    @Test
    void handlesShareTheWorkersWhichEndWithTheLastHandle() {
        WorkerCommand cmd = command("ok", Duration.ofSeconds(30), 1);
        ExternalSimulator first = open(cmd);
        ExternalSimulator second = open(cmd);
        run(first, 0);
        List<Long> pids = second.workerPids();
        assertEquals(1, pids.size(), "one worker for both handles");
        first.close();
        assertTrue(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false), "the second holds it");
        run(second, 1);
        assertEquals(pids, second.workerPids(), "and keeps using it");
        second.close();
        assertFalse(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false), "the last let go");
        ExternalWorkerException e = assertThrows(ExternalWorkerException.class, () -> run(second, 2));
        assertTrue(e.getMessage().contains("was closed"), e.getMessage());
        ExternalSimulator third = open(cmd);
        run(third, 3);
        assertEquals(1, third.workerPids().size(), "a new handle after the last closed starts afresh");
        assertFalse(pids.equals(third.workerPids()));
    }
}
