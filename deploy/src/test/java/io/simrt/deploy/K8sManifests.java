package io.simrt.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes manifests in {@code deploy/k8s} and their offline validator, {@link K8sValidator}, run in this
 * JVM against the schemas in {@code deploy/k8s/schemas}.
 */
final class K8sManifests {
    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private K8sManifests() {}

    /** What a validator run printed and its exit status. */
    record Result(int status, String output) {}

    /** {@code deploy/k8s}. */
    static Path dir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "k8s")
                .toAbsolutePath();
    }

    /** Runs the validator as {@code K8sValidator args...} would: the given files, or the whole tree. */
    static Result validate(String... args) {
        K8sValidator.Report r = K8sValidator.run(dir(), List.of(args));
        return new Result(r.status(), r.output());
    }

    /**
     * Every object of {@code deploy/k8s} as validated: {@code {source, variant, object}}, variant "base" for the
     * manifests as written and the component's name ("plaintext") for an object with that component's patch applied.
     */
    static List<JsonNode> objects() {
        K8sValidator.Report r = K8sValidator.run(dir(), List.of());
        if (r.status() != 0) {
            throw new AssertionError("the Kubernetes manifests are not valid:\n" + r.output());
        }
        List<JsonNode> out = new ArrayList<>();
        for (K8sValidator.Validated v : r.objects()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("source", v.source()).put("variant", v.variant()).set("object", v.object());
            out.add(o);
        }
        return out;
    }

    /** The object of {@code kind} in {@code variant} ("base", "tls"). */
    /** The object of {@code variant} with this kind and name. */
    static JsonNode object(List<JsonNode> objects, String variant, String kind, String name) {
        for (JsonNode o : objects) {
            JsonNode obj = o.get("object");
            if (o.get("variant").asText().equals(variant)
                    && obj.get("kind").asText().equals(kind)
                    && obj.at("/metadata/name").asText().equals(name)) {
                return obj;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in " + variant);
    }

    static JsonNode object(List<JsonNode> objects, String variant, String kind) {
        JsonNode found = null;
        for (JsonNode o : objects) {
            if (o.get("variant").asText().equals(variant)
                    && o.get("object").get("kind").asText().equals(kind)) {
                if (found != null) {
                    throw new AssertionError("two " + kind + " objects in " + variant + ": a test needs updating");
                }
                found = o.get("object");
            }
        }
        if (found == null) {
            throw new AssertionError("no " + kind + " in " + variant);
        }
        return found;
    }

    /** The pod template's only container. */
    static JsonNode container(JsonNode workload) {
        JsonNode containers = workload.at("/spec/template/spec/containers");
        if (containers.size() != 1) {
            throw new AssertionError(workload.at("/metadata/name").asText() + " has " + containers.size()
                    + " containers, the tests expect one");
        }
        return containers.get(0);
    }

    /**
     * A container's environment as the kubelet sets it: downward-API fields from {@code fields} (fieldPath to
     * value), secrets as {@code <secret name/key>}, and {@code $(VAR)} expanded in order: a reference to a variable
     * not defined before stays as written, {@code $$} is a literal {@code $}.
     */
    static Map<String, String> env(JsonNode container, Map<String, String> fields) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            String name = e.get("name").asText();
            if (e.has("value")) {
                env.put(name, expand(e.get("value").asText(), env));
            } else if (e.at("/valueFrom/fieldRef").isObject()) {
                String field = e.at("/valueFrom/fieldRef/fieldPath").asText();
                if (!fields.containsKey(field)) {
                    throw new AssertionError(name + " comes from the downward API field " + field + ", unknown here");
                }
                env.put(name, fields.get(field));
            } else if (e.at("/valueFrom/secretKeyRef").isObject()) {
                env.put(
                        name,
                        "<" + e.at("/valueFrom/secretKeyRef/name").asText() + "/"
                                + e.at("/valueFrom/secretKeyRef/key").asText() + ">");
            } else {
                throw new AssertionError("env " + name + ": neither value nor a known valueFrom");
            }
        }
        return env;
    }

    /** Kubernetes' expansion of {@code $(VAR)} in env values, command and args. */
    static String expand(String s, Map<String, String> vars) {
        Matcher m = REF.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(1) == null ? "$" : vars.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The container port named {@code name}. */
    static int containerPort(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.get("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** The list value following {@code option} in a container's args. */
    static String arg(JsonNode container, String option) {
        JsonNode args = container.path("args");
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).asText().equals(option)) {
                return args.get(i + 1).asText();
            }
        }
        throw new AssertionError("no " + option + " in args " + args);
    }
}
