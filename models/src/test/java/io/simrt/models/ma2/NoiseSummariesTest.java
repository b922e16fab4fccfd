package io.simrt.models.ma2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MA2's summaries from noise are the same bits from the Vector API path (this module's tests run with {@code
 * --add-modules jdk.incubator.vector}) and from the scalar one, at either vector width: a run's answer must not
 * depend on the JVM's flags or CPU.
 */
class NoiseSummariesTest {
    /** Values that try the order of operations: signed zeros, infinities, NaN, huge, tiny and ordinary ones. */
    private static final double[] ODD = {
        0.0,
        -0.0,
        1.0,
        -1.0,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        1e300,
        -1e300,
        1e-300,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN,
        0.1,
        3.0e16
    };

    @Test
    void theTestsRunTheVectorPath() {
        assertInstanceOf(
                VectorNoiseSummaries.class,
                NoiseSummaries.get(),
                NoiseSummaries.get().describe());
    }

    @Test
    void vectorAndScalarPathsGiveTheSameBits() {
        NoiseSummaries vector = new VectorNoiseSummaries();
        NoiseSummaries scalar = new ScalarNoiseSummaries();
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 5).block(1);
        double[] w = new double[131];
        double[] v = new double[3];
        double[] s = new double[3];
        for (int n = 10; n <= 129; n++) {
            for (int rep = 0; rep < 200; rep++) {
                rng.nextGaussians(w, 0, w.length);
                double t1 = 4 * rng.nextDouble() - 2;
                double t2 = 2 * rng.nextDouble() - 1;
                if (rep % 4 == 1) {
                    // cancellation: huge values whose order of addition shows in the last bits
                    for (int i = 0; i < w.length; i++) {
                        w[i] *= rng.nextDouble() < 0.1 ? 1e8 : 1;
                    }
                } else if (rep % 4 == 2) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] = rng.nextDouble() < 0.3 ? ODD[(int) (rng.nextDouble() * ODD.length)] : w[i];
                    }
                    t1 = rep % 8 == 2 ? ODD[rep % ODD.length] : t1;
                } else if (rep % 4 == 3) {
                    java.util.Arrays.fill(w, rep % 8 == 3 ? -0.0 : 0.0);
                    t1 = rep % 16 == 3 ? -0.0 : 0.0;
                    t2 = -t1;
                }
                // the scratch row exactly n long: the vector path must not read or write past it
                vector.summaries(w, t1, t2, n, new double[n], v, 1);
                scalar.summaries(w, t1, t2, n, new double[n], s, 1);
                assertArrayEquals(s, v, "n " + n + ", rep " + rep);
            }
        }
    }

    @Test
    void scalarJvmsAnd256BitVectorsGiveTheSameBitsAsThisJvm() throws Exception {
        String expected = NoiseSummariesDigest.digest().split(" ")[0];
        assertEquals(expected + " scalar", child(List.of("-Dsimrt.vector=false")));
        assertEquals(expected + " scalar", child(List.of()), "module not resolved");
        assertEquals(
                expected + " vector 256-bit",
                child(List.of("--add-modules", "jdk.incubator.vector", "-Dsimrt.vector.bits=256")));
        assertEquals(
                expected + " vector 512-bit",
                child(List.of("--add-modules", "jdk.incubator.vector", "-Dsimrt.vector.bits=512")));
    }

    private static String child(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NoiseSummariesDigest.class.getName());
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        return out;
    }
}
