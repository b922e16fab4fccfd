package io.simrt.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The numpy reference values in {@code numpy-reference.txt} (test resources), produced by
 * {@code numpy_reference.py} next to it; the file's header names the exact command. One {@code key: values}
 * line per entry.
 */
public final class NumpyReference {
    private static final Map<String, String[]> VALUES = load();

    private NumpyReference() {}

    private static Map<String, String[]> load() {
        Map<String, String[]> map = new HashMap<>();
        try (InputStream in = NumpyReference.class.getResourceAsStream("numpy-reference.txt")) {
            if (in == null) {
                throw new IllegalStateException("numpy-reference.txt is missing from the test resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(": ");
                map.put(
                        line.substring(0, colon),
                        line.substring(colon + 2).trim().split(" "));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }

    private static String[] raw(String key) {
        String[] v = VALUES.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no reference entry '" + key + "'");
        }
        return v;
    }

    public static double[] doubles(String key) {
        String[] v = raw(key);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.parseDouble(v[i]);
        }
        return out;
    }

    public static long[] longs(String key) {
        String[] v = raw(key);
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Long.parseLong(v[i]);
        }
        return out;
    }
}
