package io.simrt.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The single JSON object a command prints with {@code --json}. Non-finite numbers are written as null. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    static String write(Map<String, ?> object) {
        try {
            return MAPPER.writeValueAsString(sanitize(object));
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
