package io.simrt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single JSON object a command prints with {@code --json}, in the format docs/json.md describes: it begins with
 * {@code "format": }{@value #FORMAT}, names values as the command's text output does, keys per-parameter values by
 * parameter name, and writes a matrix with its parameters ({@link #matrix}). Non-finite numbers are written as null.
 */
final class Json {
    /** The version of the format: raised when a field is renamed, removed or changes meaning (not when one is added). */
    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** {@code object} as one line of JSON, after {@code "format": 1}. */
    static String write(Map<String, ?> object) {
        Map<String, Object> versioned = new LinkedHashMap<>();
        versioned.put("format", FORMAT);
        versioned.putAll(object);
        try {
            return MAPPER.writeValueAsString(sanitize(versioned));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result as JSON: " + e.getMessage(), e);
        }
    }

    /** A number, or null when it is NaN or infinite (JSON has no such numbers). */
    static Double num(double x) {
        return Double.isFinite(x) ? x : null;
    }

    static Map<String, Object> named(List<String> names, double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), num(values[i]));
        }
        return m;
    }

    /**
     * A {@code names.size()} square matrix stored row-major in {@code rowMajor}, as {@code {"parameters": [...],
     * "values": [[...], ...]}}: row and column {@code i} belong to {@code names.get(i)}.
     */
    static Map<String, Object> matrix(List<String> names, double[] rowMajor) {
        int n = names.size();
        if (rowMajor.length != n * n) {
            throw new IllegalArgumentException(
                    "a matrix of " + n + " parameters needs " + n * n + " values, got " + rowMajor.length);
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(Arrays.copyOfRange(rowMajor, i * n, (i + 1) * n));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parameters", List.copyOf(names));
        m.put("values", rows);
        return m;
    }

    private static Object sanitize(Object value) {
        if (value instanceof Double d) {
            return num(d);
        }
        if (value instanceof double[] a) {
            Object[] out = new Object[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = num(a[i]);
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, sanitize(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(Json::sanitize).toList();
        }
        return value;
    }
}
