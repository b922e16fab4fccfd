package io.simrt.api;

import java.util.ArrayList;
import java.util.List;

/** How simrt cuts n items into parts: numpy's {@code array_split}, ipyparallel's default ({@code dist='b'}). */
public final class Partitions {
    private Partitions() {}

    /**
     * {@code parts} contiguous ranges {@code [from, to)} covering {@code 0..n}; the first {@code n % parts} get one
     * more item. Parts may be empty when {@code n < parts}. 16 over 4: 4,4,4,4; 10 over 4: 3,3,2,2; 3 over 4: 1,1,1,0.
     */
    public static List<int[]> arraySplit(int n, int parts) {
        if (parts <= 0) {
            throw new IllegalArgumentException("parts = " + parts + ": must be > 0");
        }
        List<int[]> out = new ArrayList<>(parts);
        int base = n / parts;
        int rem = n % parts;
        int start = 0;
        for (int p = 0; p < parts; p++) {
            int len = base + (p < rem ? 1 : 0);
            out.add(new int[] {start, start + len});
            start += len;
        }
        return out;
    }
}
