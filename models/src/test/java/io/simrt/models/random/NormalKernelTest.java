package io.simrt.models.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ChildJvm;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast family's normals are the same bits from the vector kernel (this module's tests run with
 * {@code --add-modules jdk.incubator.vector}) and from the scalar fallback, whatever the vector width: the answer
 * of a run must not depend on the JVM's flags or CPU.
 */
class NormalKernelTest {
    private static final int FILLS = 2000;

    /** {@code FILLS} fills of the lanes of {@code h}, and how many candidates were patched. */
    private static double[] fills(NormalKernel kernel, long h, int[] patched) {
        LaneNormalsState s = new LaneNormalsState(h);
        double[] all = new double[FILLS * Ziggurat.FILL];
        double[] out = new double[Ziggurat.FILL];
        int[] layer = new int[Ziggurat.FILL];
        int[] pos = new int[Ziggurat.FILL];
        for (int f = 0; f < FILLS; f++) {
            long[] before = s.patch.clone();
            kernel.fill(s.lanes, s.patch, out, layer, pos);
            if (!java.util.Arrays.equals(before, s.patch)) {
                patched[0]++;
            }
            System.arraycopy(out, 0, all, f * Ziggurat.FILL, Ziggurat.FILL);
        }
        return all;
    }

    /** The initial lanes of {@link LaneNormals}, read back through its state. */
    private static final class LaneNormalsState {
        final long[] lanes = new long[4 * Ziggurat.LANES];
        final long[] patch = new long[4];

        LaneNormalsState(long h) {
            java.nio.ByteBuffer b = LaneNormals.buffer(LaneNormals.STATE_BYTES);
            new LaneNormals(h).write(b);
            b.flip();
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = b.getLong();
            }
            for (int i = 0; i < 4; i++) {
                patch[i] = b.getLong();
            }
        }
    }

    @Test
    void theTestsRunTheVectorKernel() {
        assertInstanceOf(
                VectorNormalKernel.class, NormalKernel.get(), NormalKernel.get().describe());
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameBits() {
        NormalKernel vector = new VectorNormalKernel();
        NormalKernel scalar = new ScalarNormalKernel();
        for (long h :
                new long[] {0, 1, -7, 0x1234_5678_9ABC_DEF0L, FastStream.mix(RandomStreams.DOMAIN_BLOCK, 42, 3)}) {
            int[] patchedV = new int[1];
            int[] patchedS = new int[1];
            double[] v = fills(vector, h, patchedV);
            double[] s = fills(scalar, h, patchedS);
            assertArrayEquals(s, v, "h = " + h);
            // nearly every fill of 256 has rejected candidates, tails and wedges among them
            assertTrue(patchedS[0] > FILLS * 9 / 10, "fills patched: " + patchedS[0]);
            assertEquals(patchedS[0], patchedV[0]);
        }
    }

    /** What {@link NormalsDigest} prints for the scalar kernel, computed here. */
    @Test
    void aJvmWithoutTheModuleOrWith256BitVectorsDrawsTheSameNormals() throws Exception {
        String expected = NormalsDigest.digest();
        assertEquals(expected, child(List.of("-Dsimrt.vector=false")), "scalar kernel via simrt.vector=false");
        assertEquals(expected, child(List.of()), "scalar kernel: module not resolved");
        assertEquals(
                expected,
                child(List.of("--add-modules", "jdk.incubator.vector", "-Dsimrt.vector.bits=256")),
                "vector kernel, two vectors of 4 longs");
        assertEquals(
                expected,
                child(List.of("--add-modules", "jdk.incubator.vector", "-Dsimrt.vector.bits=512")),
                "vector kernel, one vector of 8 longs");
    }

    private static String child(List<String> flags) throws Exception {
        return ChildJvm.lastLine(NormalsDigest.class, flags);
    }

    @Test
    void streamsOfTheFastFamilyDrawPinnedNormals() {
        RandomStream s = RandomStreams.of(RngFamily.FAST, 42).block(0);
        double[] z = new double[5];
        s.nextGaussians(z, 0, 5);
        assertArrayEquals(PINNED, z);
    }

    /** The first normals of {@code RandomStreams.of(FAST, 42).block(0)}: a change of the sequence shows here. */
    private static final double[] PINNED = {
        -1.1144393882257893, -0.6847064847491936, 1.0684944490365107, -0.33683788525390657, 1.4630059082288518
    };
}
