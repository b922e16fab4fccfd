package io.simrt.models.random;

import io.simrt.models.ParameterException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ELFI's {@code get_sub_seed(seed, i)} (elfi/utils.py): the (i+1)-th distinct value of the sequence
 * {@code RandomState(seed).randint(2**31, dtype=uint32)}, i.e. of {@code w & 0x7FFFFFFF} over the raw MT19937
 * words {@code w} of {@code init_genrand(seed)}. (ELFI returns the last value of its last draw, which is always
 * that value.)
 *
 * <p>The sequence is inherently sequential, so it is cached per seed: block {@code i} costs O(i) once per seed
 * and O(1) afterwards. The cache is thread-safe and bounded: it keeps the {@value #MAX_SEEDS} most recently
 * used seeds and drops the least recently used ones once more than {@value #MAX_CACHED_VALUES} values are
 * held in all (about 12 bytes each; the seed in use is never dropped).
 */
final class ElfiSubSeeds {
    /** ELFI's {@code high}: sub-seeds lie in [0, 2^31) and index {@code i} must be below it. */
    static final long HIGH = 1L << 31;

    static final int MAX_SEEDS = 8;
    static final int MAX_CACHED_VALUES = 1 << 22;

    private static final Map<Long, Sequence> CACHE = new LinkedHashMap<>(16, 0.75f, true);

    private ElfiSubSeeds() {}

    /**
     * {@code get_sub_seed(seed, index)}.
     *
     * @throws ParameterException if {@code seed} is outside [0, 2^32 - 1] or {@code index} outside [0, 2^31)
     */
    static int subSeed(long seed, long index) {
        Mt19937.checkSeed("seed", seed);
        if (index < 0 || index >= HIGH) {
            throw ParameterException.of("sub-seed index", index, "must lie in [0, 2^31) (ELFI's get_sub_seed rule)");
        }
        return sequence(seed).get((int) index);
    }

    private static Sequence sequence(long seed) {
        synchronized (CACHE) {
            Sequence s = CACHE.get(seed);
            if (s == null) {
                s = new Sequence(seed);
                CACHE.put(seed, s);
            }
            long total = 0;
            for (Sequence t : CACHE.values()) {
                total += t.size();
            }
            Iterator<Sequence> eldestFirst = CACHE.values().iterator();
            while (CACHE.size() > 1 && (CACHE.size() > MAX_SEEDS || total > MAX_CACHED_VALUES)) {
                Sequence eldest = eldestFirst.next();
                if (eldest == s) {
                    break;
                }
                total -= eldest.size();
                eldestFirst.remove();
            }
            return s;
        }
    }

    /** The distinct values of one seed's sequence found so far, and the generator to find more. */
    private static final class Sequence {
        private final Mt19937 rng;
        private final IntSet seen = new IntSet();
        private int[] values = new int[64];
        private volatile int size;

        Sequence(long seed) {
            this.rng = Mt19937.of(seed);
        }

        int size() {
            return size;
        }

        synchronized int get(int index) {
            int n = size;
            while (n <= index) {
                int v = rng.next() & 0x7FFF_FFFF;
                if (seen.add(v)) {
                    if (n == values.length) {
                        values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * n));
                    }
                    values[n++] = v;
                }
            }
            size = n;
            return values[index];
        }
    }

    /** An open-addressing set of non-negative ints (-1 marks a free slot), load factor at most 1/2. */
    private static final class IntSet {
        private int[] table = filled(128);
        /** {@code 32 - log2(table.length)}: Fibonacci hashing keeps the top bits of {@code v * golden}. */
        private int shift = 32 - 7;

        private int count;

        private static int[] filled(int n) {
            int[] t = new int[n];
            Arrays.fill(t, -1);
            return t;
        }

        /** Adds {@code v >= 0}; false if it was there already. */
        boolean add(int v) {
            if (2 * (count + 1) > table.length) {
                grow();
            }
            int mask = table.length - 1;
            int i = (v * 0x9E3779B9) >>> shift;
            while (true) {
                int t = table[i];
                if (t == v) {
                    return false;
                }
                if (t < 0) {
                    table[i] = v;
                    count++;
                    return true;
                }
                i = (i + 1) & mask;
            }
        }

        private void grow() {
            int[] old = table;
            table = filled(old.length * 2);
            shift--;
            int mask = table.length - 1;
            for (int v : old) {
                if (v >= 0) {
                    int i = (v * 0x9E3779B9) >>> shift;
                    while (table[i] >= 0) {
                        i = (i + 1) & mask;
                    }
                    table[i] = v;
                }
            }
        }
    }
}
