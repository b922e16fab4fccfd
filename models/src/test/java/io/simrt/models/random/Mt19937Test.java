package io.simrt.models.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.NumpyReference;
import io.simrt.models.ParameterException;
import java.util.Arrays;
import org.apache.commons.rng.RandomProviderState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Mt19937Test {

    @Test
    void seed5489GivesTheReferenceFirstWords() {
        Mt19937 mt = Mt19937.of(5489);
        assertEquals(3499211612L, mt.next() & 0xFFFF_FFFFL);
        assertEquals(581869302L, mt.next() & 0xFFFF_FFFFL);
    }

    /** numpy RandomState(seed).randint(0, 2**32, dtype=uint32): words 0-9, 620-629, 1290-1299 (two re-twists). */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 4, 5489, 20170530, 4294967295L})
    void rawWordsEqualNumpy(long seed) {
        Mt19937 mt = Mt19937.of(seed);
        long[] words = new long[1300];
        for (int i = 0; i < words.length; i++) {
            words[i] = mt.next() & 0xFFFF_FFFFL;
        }
        assertArrayEquals(NumpyReference.longs("mt." + seed + ".first"), slice(words, 0));
        assertArrayEquals(NumpyReference.longs("mt." + seed + ".at620"), slice(words, 620));
        assertArrayEquals(NumpyReference.longs("mt." + seed + ".at1290"), slice(words, 1290));
    }

    private static long[] slice(long[] a, int from) {
        return Arrays.copyOfRange(a, from, from + 10);
    }

    @Test
    void seedsOutsideNumpysRangeAreRejected() {
        ParameterException low = assertThrows(ParameterException.class, () -> Mt19937.of(-1));
        assertTrue(low.getMessage().contains("-1") && low.getMessage().contains("[0, 2^32 - 1]"), low.getMessage());
        ParameterException high = assertThrows(ParameterException.class, () -> Mt19937.of(1L << 32));
        assertTrue(high.getMessage().contains("4294967296"), high.getMessage());
    }

    @Test
    void copyAndSavedStateContinueIdentically() {
        Mt19937 mt = Mt19937.of(42);
        for (int i = 0; i < 700; i++) {
            mt.next();
        }
        Mt19937 copy = mt.copy();
        RandomProviderState saved = mt.saveState();
        int[] expected = new int[1000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = mt.next();
        }
        Mt19937 restored = Mt19937.of(7);
        restored.restoreState(saved);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], copy.next(), "copy, word " + i);
            assertEquals(expected[i], restored.next(), "restored, word " + i);
        }
    }

    @Test
    void isAUniformRandomProviderWithCommonsDerivedMethods() {
        Mt19937 a = Mt19937.of(3);
        Mt19937 b = Mt19937.of(3);
        long hi = b.next() & 0xFFFF_FFFFL;
        long lo = b.next() & 0xFFFF_FFFFL;
        assertEquals((hi << 32) | lo, a.nextLong());
        double u = a.nextDouble();
        assertTrue(u >= 0 && u < 1);
    }
}
