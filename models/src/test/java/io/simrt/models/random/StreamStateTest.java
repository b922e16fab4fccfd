package io.simrt.models.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A stream's saved state, restored into another stream of its family, draws the same values after it. */
class StreamStateTest {

    /** Every kind of draw, in a mix that leaves caches full (an odd number of Gaussians, a split long). */
    private static double[] draws(RandomStream s) {
        double[] out = new double[40];
        for (int i = 0; i < 8; i++) {
            out[5 * i] = s.nextDouble();
            out[5 * i + 1] = s.nextGaussian();
            out[5 * i + 2] = s.nextInt();
            out[5 * i + 3] = s.nextLong();
            out[5 * i + 4] = s.nextBoolean() ? 1 : 0;
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void aRestoredStreamDrawsWhatTheSavedOneDraws(RngFamily family) {
        RandomStream saved = RandomStreams.of(family, 42).block(3);
        draws(saved);
        saved.nextGaussian(); // elfi: one Gaussian cached; fast: nothing cached by the ziggurat
        saved.nextInt(); // fast: half a long cached
        byte[] state = saved.state();

        RandomStream restored = RandomStreams.of(family, 7).root();
        draws(restored);
        restored.restore(state);

        assertArrayEquals(draws(saved), draws(restored));
        double[] a = new double[1001];
        double[] b = new double[1001];
        saved.nextGaussians(a, 0, a.length);
        restored.nextGaussians(b, 0, b.length);
        assertArrayEquals(a, b);
        assertArrayEquals(saved.state(), restored.state());
    }

    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void aStateIsACopy(RngFamily family) {
        RandomStream s = RandomStreams.of(family, 5).root();
        byte[] state = s.state();
        double first = s.nextDouble();
        s.nextDouble();
        s.restore(state);
        assertEquals(first, s.nextDouble());
    }

    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void anotherFamilysStateIsRefused(RngFamily family) {
        RngFamily other = family == RngFamily.FAST ? RngFamily.ELFI : RngFamily.FAST;
        byte[] state = RandomStreams.of(other, 1).root().state();
        RandomStream s = RandomStreams.of(family, 1).root();
        assertThrows(IllegalStateException.class, () -> s.restore(state));
    }
}
