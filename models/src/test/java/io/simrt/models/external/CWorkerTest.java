package io.simrt.models.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/external/c: ELFI's MA2 in C (ma2_worker.c on the header-only simrt_worker.h), compiled here with gcc and
 * the Makefile's flags, then run as real workers through {@link ExternalSimulator}, and fed bad frames directly. gcc
 * and the C library's headers must be installed (.ci/run installs Debian's gcc, libc6-dev and make): these tests
 * fail, not skip, without them.
 */
class CWorkerTest {
    static final Path SOURCES =
            Path.of("../examples/external/c").toAbsolutePath().normalize();
    static final List<String> CFLAGS = List.of("-O2", "-std=c99", "-Wall", "-Wextra", "-Werror");

    @TempDir
    static Path bin;

    static Path worker;

    private final List<ExternalSimulator> opened = new ArrayList<>();

    @BeforeAll
    static void compile() throws Exception {
        worker = bin.resolve("ma2_worker");
        List<String> argv = new ArrayList<>(List.of("gcc"));
        argv.addAll(CFLAGS);
        argv.addAll(
                List.of("-o", worker.toString(), SOURCES.resolve("ma2_worker.c").toString(), "-lm"));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("gcc is needed to build examples/external/c: apt-get install -y gcc libc6-dev make (" + e + ")");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "gcc did not finish");
        assertEquals(
                0,
                p.exitValue(),
                "compiling examples/external/c/ma2_worker.c failed (apt-get install -y gcc libc6-dev make): "
                        + String.join(" ", argv) + "\n" + out);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(ExternalSimulator::close);
    }

    private ExternalSimulator simulator(int parameterCount, int outputLength) {
        WorkerCommand cmd = WorkerCommand.of(List.of("./ma2_worker"))
                .withDirectory(bin)
                .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30))
                .withAttempts(1);
        ExternalSimulator sim = ExternalSimulator.of(cmd, parameterCount, outputLength);
        opened.add(sim);
        return sim;
    }

    /** {@code rows} rows of (t1, t2). */
    private static double[] rows(int rows, double t1, double t2) {
        double[] p = new double[2 * rows];
        for (int i = 0; i < rows; i++) {
            p[2 * i] = t1;
            p[2 * i + 1] = t2;
        }
        return p;
    }

    /** Five rows over the prior's box. */
    private static double[] mixed() {
        return new double[] {0.6, 0.2, -1.5, 0.9, 0.0, 0.0, 1.9, -0.8, -0.3, -0.4};
    }

    private static double[] run(ExternalSimulator sim, double[] params, long block) {
        int rows = params.length / 2;
        double[] out = new double[rows * sim.outputLength()];
        sim.simulate(params, rows, RandomStreams.of(RngFamily.FAST, 42).block(block), out);
        return out;
    }

    @Test
    void theSameSeedAndParametersGiveTheSameBitsOnAnyWorker() {
        ExternalSimulator sim = simulator(2, 2);
        double[] first = run(sim, mixed(), 3);
        assertArrayEquals(first, run(sim, mixed(), 3), "the same worker, again");
        List<Long> before = sim.workerPids();
        sim.close();
        ExternalSimulator fresh = simulator(2, 2);
        assertArrayEquals(first, run(fresh, mixed(), 3), "a fresh worker");
        assertFalse(before.equals(fresh.workerPids()), "it is another process");
        for (double v : first) {
            assertTrue(Double.isFinite(v), java.util.Arrays.toString(first));
        }
    }

    @Test
    void differentSeedsGiveDifferentDraws() {
        ExternalSimulator sim = simulator(2, 2);
        double[] a = run(sim, mixed(), 3);
        double[] b = run(sim, mixed(), 4);
        for (int i = 0; i < a.length; i++) {
            if (mixed()[2 * (i / 2)] == 0.0 && mixed()[2 * (i / 2) + 1] == 0.0) {
                continue; // white noise: still random, checked below through its S1
            }
            assertTrue(a[i] != b[i], "value " + i + " is the same under two seeds: " + a[i]);
        }
        assertTrue(a[4] != b[4], "t1 = t2 = 0 draws white noise, which depends on the seed too");
    }

    /**
     * The mean of S1 and S2 over many rows of one (t1, t2) against MA(2) theory. With x[t] = w[t] + t1 w[t-1] + t2
     * w[t-2] and unit white noise w, E[x[t] x[t-1]] = t1 + t1 t2 and E[x[t] x[t-2]] = t2 for every t; the worker's
     * autocovariance is the plain mean of those products over the series (no centring, as ELFI's autocov), so its
     * expectation is exactly that, with no small-sample correction. Tolerance: 4 standard errors of the mean, the
     * standard error estimated from the rows themselves, and the standard error must itself be below 0.005 so that
     * the check has teeth. 20,000 rows, a fixed seed: the outcome is the same on every run.
     */
    @Test
    void theMeanAutocovariancesAgreeWithMa2Theory() {
        ExternalSimulator sim = simulator(2, 2);
        double[][] cases = {{0.6, 0.2}, {-1.2, 0.5}, {1.5, -0.7}};
        int rows = 20_000;
        for (int c = 0; c < cases.length; c++) {
            double t1 = cases[c][0];
            double t2 = cases[c][1];
            double[] out = run(sim, rows(rows, t1, t2), 100 + c);
            double[] expected = {t1 + t1 * t2, t2};
            for (int k = 0; k < 2; k++) {
                double sum = 0;
                for (int i = 0; i < rows; i++) {
                    sum += out[2 * i + k];
                }
                double mean = sum / rows;
                double ss = 0;
                for (int i = 0; i < rows; i++) {
                    double d = out[2 * i + k] - mean;
                    ss += d * d;
                }
                double se = Math.sqrt(ss / (rows - 1) / rows);
                String what = "S" + (k + 1) + " at (" + t1 + ", " + t2 + "): mean " + mean + ", theory " + expected[k]
                        + ", standard error " + se;
                assertTrue(se < 0.005, what);
                assertTrue(Math.abs(mean - expected[k]) < 4 * se, what);
            }
        }
    }

    @Test
    void aRequestTheWorkerRejectsIsANamedErrorNotAHang() {
        ExternalSimulator sim = simulator(3, 2);
        double[] params = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        ExternalWorkerException e = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThrows(
                        ExternalWorkerException.class,
                        () -> sim.simulate(
                                params, 2, RandomStreams.of(RngFamily.FAST, 42).block(0), new double[4])));
        String m = e.getMessage();
        assertTrue(e.getCause() instanceof ProtocolException, String.valueOf(e.getCause()));
        assertTrue(m.contains("./ma2_worker"), m);
        assertTrue(m.contains("end of stream where a reply header was due"), m);
        assertTrue(m.contains("exit status 3"), m);
        // the lines it wrote just before it exited are read to the end before its pipes close
        assertTrue(m.contains("ma2_worker: needs 2 parameters per row (t1, t2), got 3"), m);
        assertTrue(m.contains("simrt_worker: simulate rejected request"), m);
    }

    @Test
    void aRequestWithTheWrongColumnCountIsExitStatus3WithBothReasonsOnStderr() throws Exception {
        Ran r = feed(request("SIMRTREQ", 1, 2, 3, 6));
        assertEquals(3, r.status(), r.err());
        assertTrue(r.err().contains("ma2_worker: needs 2 parameters per row (t1, t2), got 3"), r.err());
        assertTrue(r.err().contains("simrt_worker: simulate rejected request 0 (2 rows of 3 parameters)"), r.err());
        assertArrayEquals(ready(), r.out(), "no reply to a rejected request");
    }

    @Test
    void aModelExpectingAnotherOutputLengthGetsAProtocolError() {
        ExternalSimulator sim = simulator(2, 3);
        ExternalWorkerException e = assertThrows(ExternalWorkerException.class, () -> run(sim, mixed(), 0));
        assertTrue(e.getCause() instanceof ProtocolException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().contains("the reply is 5 x 2, the request needs 5 x 3"), e.getMessage());
    }

    /** What the worker does with {@code stdin} as its whole input: exit status, stdout, stderr. */
    private record Ran(int status, byte[] out, String err) {}

    private static Ran feed(byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(worker.toString()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the worker did not exit at the end of its input");
        }
        return new Ran(p.exitValue(), out, err);
    }

    private static byte[] ready() {
        return ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put("SIMRTRDY".getBytes(StandardCharsets.US_ASCII))
                .putInt(1)
                .array();
    }

    private static byte[] request(String magic, int version, int rows, int cols, int valuesSent) {
        ByteBuffer b = ByteBuffer.allocate(36 + 8 * valuesSent).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic.getBytes(StandardCharsets.US_ASCII))
                .putInt(version)
                .putLong(0)
                .putLong(-1L)
                .putInt(rows)
                .putInt(cols);
        for (int i = 0; i < valuesSent; i++) {
            b.putDouble(0.25);
        }
        return b.array();
    }

    @Test
    void aCleanEndOfInputIsExitStatusZeroAfterTheReadyFrame() throws Exception {
        Ran r = feed(new byte[0]);
        assertEquals(0, r.status(), r.err());
        assertArrayEquals(ready(), r.out());
        assertEquals("", r.err());
    }

    @Test
    void oneGoodRequestIsAnsweredWithAReplyOfTheRequestsRows() throws Exception {
        Ran r = feed(request("SIMRTREQ", 1, 3, 2, 6));
        assertEquals(0, r.status(), r.err());
        ByteBuffer b = ByteBuffer.wrap(r.out()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(12 + 16 + 8 * 3 * 2, r.out().length);
        b.position(12);
        byte[] magic = new byte[8];
        b.get(magic);
        assertEquals("SIMRTREP", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(3, b.getInt());
        assertEquals(2, b.getInt());
    }

    @Test
    void garbageOnStdinIsExitStatus2WithTheBytesNamed() throws Exception {
        Ran r = feed("garbage, not a request at all, 36 bytes or more".getBytes(StandardCharsets.US_ASCII));
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("simrt_worker: not a version 1 request; its first 12 bytes: 67 61 72"), r.err());
        assertArrayEquals(ready(), r.out(), "no reply to garbage");
    }

    @Test
    void aWrongVersionIsExitStatus2() throws Exception {
        Ran r = feed(request("SIMRTREQ", 2, 1, 2, 2));
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("not a version 1 request"), r.err());
    }

    @Test
    void inputEndingInsideARequestIsExitStatus2() throws Exception {
        byte[] header = request("SIMRTREQ", 1, 1, 2, 0);
        Ran half = feed(java.util.Arrays.copyOf(header, 20));
        assertEquals(2, half.status(), half.err());
        assertTrue(half.err().contains("stdin ended inside a request header (20 of 36 bytes)"), half.err());
        Ran shortParams = feed(request("SIMRTREQ", 1, 3, 2, 5));
        assertEquals(2, shortParams.status(), shortParams.err());
        assertTrue(shortParams.err().contains("stdin ended inside request 0's 3 x 2 parameters"), shortParams.err());
        assertFalse(shortParams.err().isBlank());
    }
}
