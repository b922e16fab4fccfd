package io.simrt.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Offline validation of simrt's Kubernetes manifests ({@code deploy/k8s}), no API server and nothing but the JVM:
 *
 * <pre>
 *   K8sValidator                          every manifest under deploy/k8s, as deployed (see below)
 *   K8sValidator FILE...                  just these files, each document as a complete object
 *   K8sValidator --emit-json OUT ...      also write every validated object to OUT
 * </pre>
 *
 * <p>Each object is checked against the strict JSON schema of its apiVersion and kind in {@code deploy/k8s/schemas}
 * (types, required fields; a field the schema does not declare is an error, as with kubectl's strict field
 * validation), with the allowed values of {@code schemas/enums.json} added. On top of that: {@code $(VAR)}
 * references in env, command and args must name a variable of the container (and, in env, one defined earlier:
 * Kubernetes leaves anything else as literal text), and probe ports given by name must be container ports. A key
 * given twice in a YAML mapping is an error.
 *
 * <p>Without arguments: every {@code *.yaml} under {@code deploy/k8s} outside {@code schemas/}. kustomization.yaml
 * files must name files that exist. A Component's patches are applied to their targets (strategic merge, as
 * kustomize does), and so is any other YAML file in a Component's directory (a patch for "kubectl patch --local",
 * e.g. the coordinator Job's plaintext patch); the patched objects are validated as well. The {@code resources} a
 * Component adds (the prometheus-operator component's Service and ServiceMonitor) are validated as objects. A
 * ServiceMonitor is the Prometheus Operator's CRD, not Kubernetes': its schema, {@code
 * schemas/servicemonitor-monitoring-v1.json}, is hand-written for the fields simrt uses (schemas/README.md).
 *
 * <p>Exit status of {@link #main}: 0 when everything is valid, 1 with one line per problem otherwise.
 */
public final class K8sValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern REF = Pattern.compile("(\\$+)\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** patchMergeKey of the Kubernetes API for the lists a pod template patch touches; other lists are replaced. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "ephemeralContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "mountPath",
            "ports", "containerPort",
            "imagePullSecrets", "name");

    /** Schemas by file name, compiled once per JVM (the workload schemas are large). */
    private static final Map<String, Schema> SCHEMAS = new HashMap<>();

    /** One validated object: where it came from, its variant ("base", "file" or a component's name) and itself. */
    public record Validated(String source, String variant, JsonNode object) {}

    /** What a run found: its exit status, its report (problems or the objects validated) and the objects. */
    public record Report(int status, String output, List<Validated> objects) {}

    private final Path k8s;
    private final List<String> problems = new ArrayList<>();
    private final List<Validated> validated = new ArrayList<>();

    private K8sValidator(Path k8s) {
        this.k8s = k8s;
    }

    /**
     * Runs as on the command line: validates {@code files}, or the whole tree {@code k8s} when there are none.
     *
     * @param k8s the {@code deploy/k8s} directory (its {@code schemas/} are used either way)
     * @param files manifests to validate as complete objects; none for the tree
     * @return the exit status, the report and the objects validated
     */
    public static Report run(Path k8s, List<String> files) {
        K8sValidator v = new K8sValidator(k8s.toAbsolutePath().normalize());
        try {
            if (files.isEmpty()) {
                v.validateTree();
            } else {
                for (String f : files) {
                    for (JsonNode obj : v.readYaml(Path.of(f).toAbsolutePath(), f)) {
                        v.validate(obj, f, "file");
                    }
                }
            }
        } catch (IOException e) {
            v.problems.add(e.toString());
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        if (!v.problems.isEmpty()) {
            v.problems.forEach(p -> out.println("INVALID " + p));
            out.println(v.problems.size() + " problem(s) in the Kubernetes manifests");
        } else {
            out.println(v.validated.size() + " Kubernetes objects valid (strict schemas of Kubernetes "
                    + kubernetesVersion(v.k8s) + ", deploy/k8s/schemas)");
            for (Validated o : v.validated) {
                String variant =
                        o.variant().equals("base") || o.variant().equals("file") ? "" : " [" + o.variant() + "]";
                out.println("  ok " + o.source() + ": " + o.object().get("kind").asText() + " "
                        + o.object().at("/metadata/name").asText() + variant);
            }
        }
        out.flush();
        return new Report(v.problems.isEmpty() ? 0 : 1, text.toString(), List.copyOf(v.validated));
    }

    /**
     * The command line: {@code [--emit-json OUT] [FILE...]}, run in {@code deploy} or the repository root (or with
     * {@code -Dsimrt.k8s.dir=DIR}).
     *
     * @param args the arguments
     * @throws IOException when OUT cannot be written
     */
    public static void main(String[] args) throws IOException {
        List<String> files = new ArrayList<>(List.of(args));
        Path emit = null;
        int i = files.indexOf("--emit-json");
        if (i >= 0) {
            if (i + 1 >= files.size()) {
                System.err.println("usage: K8sValidator [--emit-json OUT] [FILE...]");
                System.exit(2);
            }
            emit = Path.of(files.get(i + 1));
            files.subList(i, i + 2).clear();
        }
        String dir = System.getProperty("simrt.k8s.dir");
        Path k8s = dir != null
                ? Path.of(dir)
                : Files.isDirectory(Path.of("k8s/schemas")) ? Path.of("k8s") : Path.of("deploy/k8s");
        Report r = run(k8s, files);
        if (emit != null) {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode objects = root.putArray("objects");
            for (Validated o : r.objects()) {
                objects.addObject()
                        .put("source", o.source())
                        .put("variant", o.variant())
                        .set("object", o.object());
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(emit.toFile(), root);
        }
        (r.status() == 0 ? System.out : System.err).print(r.output());
        System.exit(r.status());
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /** The documents of a YAML file (empty documents skipped); a file that cannot be read is a problem. */
    private List<JsonNode> readYaml(Path file, String where) {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            problem(where, "YAML: " + message.lines().findFirst().orElse(message));
        }
        return out;
    }

    private String rel(Path file) {
        return k8s.relativize(file).toString();
    }

    private List<Path> yamlFiles() throws IOException {
        try (Stream<Path> s = Files.walk(k8s)) {
            return s.filter(p -> !p.startsWith(k8s.resolve("schemas")))
                    .filter(p ->
                            Files.isRegularFile(p) && p.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private void problem(String where, String message) {
        problems.add(where + ": " + message);
    }

    // ---- schemas ---------------------------------------------------------------------------------------------

    /** The schema file of an apiVersion and kind, named as in the schemas' source: kind[-group]-version.json. */
    static String schemaFile(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash).split("\\.")[0] + "-";
        return kind.toLowerCase() + "-" + group + apiVersion.substring(slash + 1) + ".json";
    }

    /** The Kubernetes version the schemas are of, from the first line of schemas/VERSION. */
    static String kubernetesVersion(Path k8s) {
        try {
            return Files.readAllLines(k8s.resolve("schemas/VERSION")).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return "(schemas/VERSION unreadable)";
        }
    }

    private Schema schema(String file) throws IOException {
        synchronized (SCHEMAS) {
            String key = k8s.resolve("schemas").resolve(file).toString();
            Schema s = SCHEMAS.get(key);
            if (s == null) {
                Path path = k8s.resolve("schemas").resolve(file);
                if (!Files.isRegularFile(path)) {
                    return null;
                }
                ObjectNode node = (ObjectNode) JSON.readTree(path.toFile());
                // "http://json-schema.org/schema#" names no particular draft; the schemas use draft 4's keywords
                node.remove("$schema");
                dropExtensions(node);
                addEnums(node, file);
                s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                        .getSchema(node);
                SCHEMAS.put(key, s);
            }
            return s;
        }
    }

    /**
     * Removes the OpenAPI extensions (x-kubernetes-list-type and the like) from a schema: they describe merging,
     * not validity, and the validator would warn about each as an unknown keyword.
     */
    private static void dropExtensions(JsonNode schema) {
        if (schema.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("properties")) {
                    e.getValue().forEach(K8sValidator::dropExtensions); // field names, not keywords
                } else if (e.getKey().startsWith("x-kubernetes-")) {
                    it.remove();
                } else {
                    dropExtensions(e.getValue());
                }
            }
        } else if (schema.isArray()) {
            schema.forEach(K8sValidator::dropExtensions);
        }
    }

    /** Adds the allowed values of schemas/enums.json to one schema, checking each against the field's description. */
    private void addEnums(ObjectNode schema, String file) throws IOException {
        JsonNode enums = JSON.readTree(k8s.resolve("schemas/enums.json").toFile());
        JsonNode entry = enums.path("schemas").path(file);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        entry.path("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        if (entry.has("pod")) {
            String pod = entry.get("pod").asText();
            enums.path("pod").properties().forEach(e -> fields.put(pod + "/" + e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
            JsonNode n = schema;
            for (String seg : f.getKey().split("/")) {
                n = seg.equals("*") ? n.path("items") : n.path("properties").path(seg);
            }
            if (!n.isObject()) {
                throw new IllegalStateException("schemas/enums.json: " + file + " has no field " + f.getKey());
            }
            String description = n.path("description").asText();
            for (JsonNode v : f.getValue()) {
                if (!description.contains(v.asText())) {
                    throw new IllegalStateException("schemas/enums.json: " + v.asText() + " is not named in the "
                            + "description of " + f.getKey() + " in " + file);
                }
            }
            ((ObjectNode) n).set("enum", f.getValue());
        }
    }

    /** true: checked (problems reported); false: no schema for this kind (reported). */
    private boolean schemaCheck(JsonNode obj, String where) throws IOException {
        String file = schemaFile(obj.get("apiVersion").asText(), obj.get("kind").asText());
        Schema schema = schema(file);
        if (schema == null) {
            problem(
                    where,
                    "no schema for apiVersion \"" + obj.get("apiVersion").asText() + "\", kind \""
                            + obj.get("kind").asText() + "\" (deploy/k8s/schemas/" + file + ")");
            return false;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Error e : schema.validate(obj)) {
            seen.add(message(e));
        }
        seen.forEach(m -> problem(where, m));
        return true;
    }

    /** An error worded as the tests and the README quote it: "/spec/replicas must be integer". */
    private static String message(Error e) {
        String at = pointer(e.getInstanceLocation());
        String where = at.isEmpty() ? "/" : at;
        // the value of the failing keyword ("type": ["integer", "null"]) or the schema holding it
        JsonNode schema = e.getSchemaNode();
        JsonNode value = schema != null && schema.isObject() ? schema.get(e.getKeyword()) : schema;
        switch (e.getKeyword()) {
            case "type": {
                List<String> types = new ArrayList<>();
                JsonNode t = value;
                if (t != null && t.isArray()) {
                    t.forEach(x -> types.add(x.asText()));
                } else if (t != null) {
                    types.add(t.asText());
                }
                types.remove("null");
                return where + " must be " + (types.isEmpty() ? e.getMessage() : String.join(" or ", types));
            }
            case "additionalProperties":
                return at + "/" + e.getProperty() + " is not a field of this object (misspelt?)";
            case "enum": {
                List<String> values = new ArrayList<>();
                JsonNode en = value;
                if (en != null) {
                    en.forEach(x -> values.add(x.asText()));
                }
                return where + " must be equal to one of the allowed values (" + String.join(", ", values) + ")";
            }
            case "required":
                return where + " must have required property '" + e.getProperty() + "'";
            default:
                return where + " " + e.getMessage();
        }
    }

    /** A NodePath as a JSON pointer ("" for the root). */
    private static String pointer(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            out.append('/').append(String.valueOf(el).replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    // ---- pod templates: $(VAR) references and named probe ports ----------------------------------------------

    private void podCheck(JsonNode obj, String where) {
        JsonNode spec = obj.path("spec");
        String at;
        JsonNode pod;
        if (obj.path("kind").asText().equals("Pod")) {
            at = "/spec";
            pod = spec;
        } else if (spec.at("/template/spec").isObject()) {
            at = "/spec/template/spec";
            pod = spec.at("/template/spec");
        } else if (spec.at("/jobTemplate/spec/template/spec").isObject()) {
            at = "/spec/jobTemplate/spec/template/spec";
            pod = spec.at("/jobTemplate/spec/template/spec");
        } else {
            return;
        }
        for (String list : List.of("initContainers", "containers")) {
            JsonNode containers = pod.path(list);
            for (int ci = 0; ci < containers.size(); ci++) {
                JsonNode c = containers.get(ci);
                String base = at + "/" + list + "/" + ci;
                JsonNode env = c.path("env");
                Set<String> all = new TreeSet<>();
                env.forEach(e -> all.add(e.path("name").asText()));
                Set<String> seen = new TreeSet<>();
                for (int ei = 0; ei < env.size(); ei++) {
                    JsonNode e = env.get(ei);
                    for (String ref : refs(e.get("value"))) {
                        if (!seen.contains(ref)) {
                            problem(
                                    where,
                                    base + "/env/" + ei + "/value refers to $(" + ref + "), which "
                                            + (all.contains(ref) ? "is defined only later" : "is not defined")
                                            + " in this container's env (Kubernetes would leave it as literal text)");
                        }
                    }
                    seen.add(e.path("name").asText());
                }
                for (String key : List.of("command", "args")) {
                    JsonNode args = c.path(key);
                    for (int ai = 0; ai < args.size(); ai++) {
                        for (String ref : refs(args.get(ai))) {
                            if (!all.contains(ref)) {
                                problem(
                                        where,
                                        base + "/" + key + "/" + ai + " refers to $(" + ref
                                                + "), which is not defined in this container's env");
                            }
                        }
                    }
                }
                Set<String> portNames = new TreeSet<>();
                c.path("ports").forEach(p -> {
                    if (p.hasNonNull("name")) {
                        portNames.add(p.get("name").asText());
                    }
                });
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    JsonNode p = c.path(probe);
                    JsonNode port = p.at("/httpGet/port");
                    if (port.isMissingNode()) {
                        port = p.at("/tcpSocket/port");
                    }
                    if (port.isMissingNode()) {
                        port = p.at("/grpc/port");
                    }
                    if (port.isTextual() && !portNames.contains(port.asText())) {
                        problem(
                                where,
                                base + "/" + probe + " uses port \"" + port.asText()
                                        + "\", which is not a port name of this container");
                    }
                }
            }
        }
    }

    /** $(NAME) references in a string; $$(NAME) is an escaped literal. */
    private static List<String> refs(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value != null && value.isTextual()) {
            Matcher m = REF.matcher(value.asText());
            while (m.find()) {
                if (m.group(1).length() % 2 == 1) {
                    out.add(m.group(2));
                }
            }
        }
        return out;
    }

    // ---- strategic merge patches (the subset the manifests use) ----------------------------------------------

    /**
     * Strategic merge of {@code patch} into {@code base}. Maps merge, keyed lists merge by their key, other values
     * are replaced; null in the patch removes. kustomize: the patch's items first, then the base's others
     * (kustomize's kyaml); otherwise the two orders interleaved as "kubectl patch" does.
     */
    static JsonNode merge(JsonNode base, JsonNode patch, boolean kustomize, String key) {
        if (patch.isArray() && base.isArray() && key != null) {
            return mergeList((ArrayNode) base, (ArrayNode) patch, key, kustomize);
        }
        if (base.isObject() && patch.isObject()) {
            ObjectNode out = ((ObjectNode) base).deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                if (k.startsWith("$")) {
                    throw new IllegalArgumentException("patch directive " + k + " is not supported by this validator");
                }
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    out.remove(k);
                } else if (base.has(k)) {
                    out.set(k, merge(base.get(k), v, kustomize, MERGE_KEYS.get(k)));
                } else {
                    out.set(k, v.deepCopy());
                }
            }
            return out;
        }
        return patch.deepCopy();
    }

    private static ArrayNode mergeList(ArrayNode base, ArrayNode patch, String key, boolean kustomize) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        base.forEach(b -> byKey.put(b.path(key).asText(), b));
        List<JsonNode> merged = new ArrayList<>();
        Set<String> patched = new LinkedHashSet<>();
        for (JsonNode p : patch) {
            String k = p.path(key).asText();
            patched.add(k);
            merged.add(byKey.containsKey(k) ? merge(byKey.get(k), p, kustomize, null) : p.deepCopy());
        }
        List<JsonNode> rest = new ArrayList<>();
        base.forEach(b -> {
            if (!patched.contains(b.path(key).asText())) {
                rest.add(b);
            }
        });
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (kustomize) {
            merged.forEach(out::add);
            rest.forEach(out::add);
            return out;
        }
        List<String> order = new ArrayList<>(byKey.keySet());
        int i = 0;
        int j = 0;
        while (i < rest.size() || j < merged.size()) {
            if (j >= merged.size()) {
                out.add(rest.get(i++));
            } else if (i >= rest.size()) {
                out.add(merged.get(j++));
            } else {
                int li = order.indexOf(rest.get(i).path(key).asText());
                int ri = order.indexOf(merged.get(j).path(key).asText());
                out.add(li >= 0 && ri >= 0 && li < ri ? rest.get(i++) : merged.get(j++));
            }
        }
        return out;
    }

    // ---- driver ----------------------------------------------------------------------------------------------

    private void validate(JsonNode obj, String where, String variant) throws IOException {
        if (!obj.isObject()
                || !obj.path("apiVersion").isTextual()
                || !obj.path("kind").isTextual()
                || !obj.at("/metadata/name").isTextual()) {
            problem(where, "not a Kubernetes object: apiVersion, kind and metadata.name are required");
            return;
        }
        String label = where + " (" + obj.get("kind").asText() + " "
                + obj.at("/metadata/name").asText() + ")";
        schemaCheck(obj, label);
        podCheck(obj, label);
        validated.add(new Validated(where, variant, obj));
    }

    private record Defined(String file, JsonNode obj) {}

    private void validateTree() throws IOException {
        List<Path> files = yamlFiles();
        Set<Path> componentDirs = new LinkedHashSet<>();
        Set<Path> kustomizePatches = new LinkedHashSet<>();
        Set<Path> componentResources = new LinkedHashSet<>();
        for (Path k : files) {
            if (!k.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            for (JsonNode doc : readYaml(k, rel(k))) {
                if (doc.path("kind").asText().equals("Component")) {
                    componentDirs.add(k.getParent());
                    doc.path("resources")
                            .forEach(r -> componentResources.add(
                                    k.getParent().resolve(r.asText()).normalize()));
                }
                List<String> named = new ArrayList<>();
                doc.path("resources").forEach(r -> named.add(r.asText()));
                doc.path("components").forEach(r -> named.add(r.asText()));
                for (JsonNode p : doc.path("patches")) {
                    if (p.hasNonNull("path")) {
                        named.add(p.get("path").asText());
                        kustomizePatches.add(
                                k.getParent().resolve(p.get("path").asText()).normalize());
                    }
                    if (p.has("patch") || p.has("target")) {
                        problem(rel(k), "inline patches and patch targets are not supported by this validator");
                    }
                }
                for (String r : named) {
                    if (!Files.exists(k.getParent().resolve(r))) {
                        problem(rel(k), "names \"" + r + "\", which does not exist");
                    }
                }
            }
        }
        List<Path> patchFiles = new ArrayList<>();
        List<Path> manifests = new ArrayList<>();
        List<Path> added = new ArrayList<>();
        for (Path f : files) {
            if (f.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            if (componentResources.contains(f)) {
                added.add(f);
            } else if (kustomizePatches.contains(f) || componentDirs.contains(f.getParent())) {
                patchFiles.add(f);
            } else {
                manifests.add(f);
            }
        }
        Map<String, Defined> objects = new LinkedHashMap<>();
        for (Path f : manifests) {
            for (JsonNode obj : readYaml(f, rel(f))) {
                String id = obj.path("kind").asText() + "/"
                        + obj.at("/metadata/name").asText();
                if (objects.containsKey(id)) {
                    problem(
                            rel(f),
                            id + " is also defined in " + objects.get(id).file());
                }
                objects.put(id, new Defined(rel(f), obj));
                validate(obj, rel(f), "base");
            }
        }
        for (Path f : added) { // objects a Component adds: validated as they are, named by their component
            for (JsonNode obj : readYaml(f, rel(f))) {
                validate(obj, rel(f), f.getParent().getFileName().toString());
            }
        }
        for (Path f : patchFiles) {
            boolean kustomize = kustomizePatches.contains(f);
            String variant = f.getParent().getFileName().toString();
            for (JsonNode patch : readYaml(f, rel(f))) {
                String id = patch.path("kind").asText() + "/"
                        + patch.at("/metadata/name").asText();
                Defined target = objects.get(id);
                if (target == null) {
                    problem(rel(f), "patches " + id + ", which no manifest defines");
                    continue;
                }
                JsonNode merged;
                try {
                    merged = merge(target.obj(), patch, kustomize, null);
                } catch (IllegalArgumentException e) {
                    problem(rel(f), e.getMessage());
                    continue;
                }
                validate(merged, target.file() + " + " + rel(f), variant);
            }
        }
    }
}
