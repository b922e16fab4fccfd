package io.simrt.config.modelfile;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.simrt.config.SettingsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One value of a model file with where it is (file, line, key path), so that every error is one line naming them:
 * {@code sir.conf:7: parameters[1].prior.gamma: ...}.
 */
final class Node {
    private final Path file;
    private final String path;
    private final ConfigValue value;

    Node(Path file, String path, ConfigValue value) {
        this.file = file;
        this.path = path;
        this.value = value;
    }

    String path() {
        return path;
    }

    ConfigValueType type() {
        return value.valueType();
    }

    SettingsException error(String message) {
        int line = value.origin().lineNumber();
        return new SettingsException(
                file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    ConfigObject object() {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw error("must be an object { ... }, not " + describe());
        }
        return (ConfigObject) value;
    }

    /** @throws SettingsException naming the first key that is not one of {@code allowed}, and the allowed ones */
    Node allowOnly(List<String> allowed) {
        for (String key : object().keySet()) {
            if (!allowed.contains(key)) {
                throw child(key)
                        .error("unknown key '" + key + "'" + (path.isEmpty() ? "" : " in " + path) + "; allowed: "
                                + String.join(", ", allowed));
            }
        }
        return this;
    }

    Optional<Node> optional(String key) {
        ConfigValue v = object().get(key);
        return v == null ? Optional.empty() : Optional.of(child(key));
    }

    Node required(String key) {
        return optional(key).orElseThrow(() -> error("missing key '" + key + "'"));
    }

    /** The single key of an object that names one of {@code kinds} ({@code prior = { gamma { ... } }}). */
    String onlyKey(List<String> kinds, String what) {
        List<String> keys = new ArrayList<>(object().keySet());
        if (keys.size() != 1 || !kinds.contains(keys.get(0))) {
            throw error("must name one " + what + " " + (keys.isEmpty() ? "" : "(got " + String.join(", ", keys) + ") ")
                    + "of: " + String.join(", ", kinds));
        }
        return keys.get(0);
    }

    String string() {
        if (value.valueType() != ConfigValueType.STRING) {
            throw error("must be a string, not " + describe());
        }
        String s = ((String) value.unwrapped()).strip();
        if (s.isEmpty()) {
            throw error("must not be blank");
        }
        return s;
    }

    double number() {
        if (value.valueType() != ConfigValueType.NUMBER) {
            throw error("must be a number, not " + describe());
        }
        return ((Number) value.unwrapped()).doubleValue();
    }

    int integer() {
        double d = number();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw error("must be a whole number, not " + d);
        }
        return (int) d;
    }

    List<Node> list() {
        if (value.valueType() != ConfigValueType.LIST) {
            throw error("must be a list [ ... ], not " + describe());
        }
        ConfigList list = (ConfigList) value;
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new Node(file, path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    double[] numbers() {
        List<Node> items = list();
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = items.get(i).number();
        }
        return out;
    }

    private Node child(String key) {
        return new Node(file, path.isEmpty() ? key : path + "." + key, object().get(key));
    }

    private String describe() {
        return value.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + value.render();
    }
}
