package io.simrt.models.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.NumpyReference;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RandomStreamsTest {

    // ---- elfi family: ELFI's get_sub_seed and RandomState seeding ----

    @Test
    void subSeedsMatchElfi() {
        RandomStreams a = RandomStreams.of(RngFamily.ELFI, 20170530);
        long[] expectedA = {608337146, 1229832981, 384419105, 321412684, 817822507};
        RandomStreams b = RandomStreams.of(RngFamily.ELFI, 0);
        long[] expectedB = {209652396, 398764591, 924231285, 1478610112, 441365315};
        for (int i = 0; i < 5; i++) {
            assertEquals(expectedA[i], a.subSeed(i), "seed 20170530, index " + i);
            assertEquals(expectedB[i], b.subSeed(i), "seed 0, index " + i);
        }
    }

    /** ELFI's get_sub_seed run with numpy (numpy_reference.py), including indices far out and past duplicates. */
    @ParameterizedTest
    @ValueSource(longs = {20170530, 0, 1})
    void subSeedsEqualElfi(long seed) {
        RandomStreams s = RandomStreams.of(RngFamily.ELFI, seed);
        long[] first = NumpyReference.longs("subseed." + seed + ".0to9");
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i], s.subSeed(i), "index " + i);
        }
        long[] at = NumpyReference.longs("subseed." + seed + ".at");
        long[] values = NumpyReference.longs("subseed." + seed + ".values");
        // far index first, then a smaller one: the cached sequence answers both
        for (int k = at.length - 1; k >= 0; k--) {
            assertEquals(values[k], s.subSeed(at[k]), "index " + at[k]);
        }
    }

    /**
     * The randint(2**31) sequences of seeds 0 and 1 repeat a value at positions 67205 and 73094; ELFI skips the
     * repeat, so sub-seed index p - 1 is raw[p - 1] and index p is raw[p + 1].
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1})
    void subSeedsSkipRepeatedValues(long seed) {
        long[] dup = NumpyReference.longs("dup." + seed + ".position.firstindex.value");
        long[] idx = NumpyReference.longs("dup." + seed + ".subseed.index");
        long[] val = NumpyReference.longs("dup." + seed + ".subseed.value");
        RandomStreams s = RandomStreams.of(RngFamily.ELFI, seed);
        for (int k = 0; k < idx.length; k++) {
            assertEquals(val[k], s.subSeed(idx[k]), "index " + idx[k]);
        }
        // raw sequence check: position dup[0] repeats the value first seen at dup[1]
        NumpyRandomState rs = NumpyRandomState.of(seed);
        long[] raw = new long[(int) dup[0] + 2];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = rs.randint31();
        }
        assertEquals(dup[2], raw[(int) dup[0]]);
        assertEquals(dup[2], raw[(int) dup[1]]);
        assertEquals(raw[(int) dup[0] + 1], s.subSeed(dup[0]));
    }

    @Test
    void elfiStreamsAreRandomStatesOfTheirSeeds() {
        RandomStreams s = RandomStreams.of(RngFamily.ELFI, 20170530);
        assertSameStream(NumpyRandomState.of(20170530), s.root());
        assertSameStream(NumpyRandomState.of(608337146), s.block(0));
        assertSameStream(NumpyRandomState.of(s.subSeed(17)), s.block(17));
        assertSameStream(NumpyRandomState.of(4), RandomStreams.observed(RngFamily.ELFI, 4));
        assertSame(RngFamily.ELFI, s.block(3).family());
    }

    @Test
    void subSeedCacheIsConsistentUnderConcurrentUse() throws Exception {
        long seed = 987654321L;
        int n = 3000;
        // reference computed without the cache: walk the raw sequence once
        long[] expected = new long[n];
        NumpyRandomState rs = NumpyRandomState.of(seed);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; ) {
            long v = rs.randint31();
            if (seen.add(v)) {
                expected[i++] = v;
            }
        }
        RandomStreams s = RandomStreams.of(RngFamily.ELFI, seed);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final int offset = t;
                results.add(pool.submit(() -> {
                    for (int i = n - 1 - offset; i >= 0; i -= 4) {
                        if (s.subSeed(i) != expected[i]) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void elfiRulesAreEnforced() {
        assertMessage(() -> RandomStreams.of(RngFamily.ELFI, -1), "seed = -1", "[0, 2^32 - 1]");
        assertMessage(() -> RandomStreams.of(RngFamily.ELFI, 1L << 32), "seed = 4294967296", "[0, 2^32 - 1]");
        assertMessage(() -> RandomStreams.observed(RngFamily.ELFI, -5), "seedObs = -5", "[0, 2^32 - 1]");
        RandomStreams s = RandomStreams.of(RngFamily.ELFI, 1);
        assertMessage(() -> s.block(-1), "block index = -1", ">= 0");
        assertMessage(() -> s.block(1L << 31), "block index = 2147483648", "< 2^31");
        assertMessage(() -> s.subSeed(-3), "sub-seed index = -3", ">= 0");
        assertEquals(4294967295L, RandomStreams.of(RngFamily.ELFI, 4294967295L).seed());
    }

    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void commonRules(RngFamily family) {
        assertMessage(() -> RandomStreams.of(null, 1), "family = null", "must be given");
        assertMessage(() -> RandomStreams.of(family, 3).block(-2), "block index = -2", ">= 0");
        assertEquals(RandomStreams.of(family, 3), RandomStreams.of(family, 3));
    }

    // ---- fast family: derived states ----

    @Test
    void fastAcceptsAnySeed() {
        for (long seed : new long[] {Long.MIN_VALUE, -1, 0, 1L << 40, Long.MAX_VALUE}) {
            RandomStream r = RandomStreams.of(RngFamily.FAST, seed).block(0);
            assertSame(RngFamily.FAST, r.family());
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
        }
    }

    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void sameSeedAndBlockGiveIdenticalStreams(RngFamily family) {
        for (long block : new long[] {0, 1, 5, 1000}) {
            assertSameStream(
                    RandomStreams.of(family, 12345).block(block),
                    RandomStreams.of(family, 12345).block(block));
        }
        assertSameStream(
                RandomStreams.of(family, 12345).root(),
                RandomStreams.of(family, 12345).root());
        assertSameStream(RandomStreams.observed(family, 4), RandomStreams.observed(family, 4));
    }

    /**
     * Block streams of one seed, of neighbouring seeds, the root stream and the observed stream all start
     * differently: 2000 blocks x 3 seeds + roots + observed, and not one repeated first 64-bit word (a repeat
     * among ~6000 independent 64-bit values has probability ~1e-12).
     */
    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void differentBlocksSeedsAndDomainsStartDifferently(RngFamily family) {
        Set<Long> firsts = new HashSet<>();
        int count = 0;
        for (long seed = 10; seed < 13; seed++) {
            RandomStreams s = RandomStreams.of(family, seed);
            for (long b = 0; b < 2000; b++) {
                firsts.add(s.block(b).nextLong());
                count++;
            }
            firsts.add(s.root().nextLong());
            firsts.add(RandomStreams.observed(family, seed).nextLong());
            count += 2;
        }
        if (family == RngFamily.ELFI) {
            // ELFI's own scheme: root(seed) and observed(seed) are both RandomState(seed) by design
            assertEquals(count - 3, firsts.size());
        } else {
            assertEquals(count, firsts.size());
        }
    }

    @Test
    void fastSubSeedsAreDistinctAndStable() {
        RandomStreams s = RandomStreams.of(RngFamily.FAST, 99);
        Set<Long> seen = new HashSet<>();
        for (long i = 0; i < 10_000; i++) {
            assertTrue(seen.add(s.subSeed(i)));
        }
        assertEquals(s.subSeed(7), RandomStreams.of(RngFamily.FAST, 99).subSeed(7));
        assertNotEquals(s.subSeed(7), RandomStreams.of(RngFamily.FAST, 100).subSeed(7));
        // a sub-seed is a seed: it makes streams of its own, distinct from the parent's blocks
        assertNotEquals(
                RandomStreams.of(RngFamily.FAST, s.subSeed(1)).block(0).nextLong(),
                s.block(0).nextLong());
    }

    @Test
    void fastStateMixingIsABijectionInTheIndex() {
        Set<Long> seen = new HashSet<>();
        for (long i = 0; i < 100_000; i++) {
            assertTrue(seen.add(FastStream.mix(RandomStreams.DOMAIN_BLOCK, 0, i)));
        }
    }

    @Test
    void fastBulkMethodsEqualSingleDraws() {
        RandomStream a = RandomStreams.of(RngFamily.FAST, 5).block(2);
        RandomStream b = RandomStreams.of(RngFamily.FAST, 5).block(2);
        double[] bulk = new double[300];
        a.nextGaussians(bulk, 0, 150);
        a.nextDoubles(bulk, 150, 300);
        for (int i = 0; i < 150; i++) {
            assertEquals(b.nextGaussian(), bulk[i], 0.0);
        }
        for (int i = 150; i < 300; i++) {
            assertEquals(b.nextDouble(), bulk[i], 0.0);
        }
    }

    private static void assertSameStream(RandomStream expected, RandomStream actual) {
        double[] e = new double[64];
        double[] a = new double[64];
        for (int i = 0; i < 32; i++) {
            e[i] = expected.nextDouble();
            a[i] = actual.nextDouble();
        }
        expected.nextGaussians(e, 32, 64);
        actual.nextGaussians(a, 32, 64);
        assertArrayEquals(e, a, 0.0);
    }

    private static void assertMessage(Executable call, String... parts) {
        ParameterException e = assertThrows(ParameterException.class, call);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + e.getMessage() + "' should contain '" + p + "'");
        }
    }
}
