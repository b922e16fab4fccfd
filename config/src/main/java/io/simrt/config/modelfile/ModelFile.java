package io.simrt.config.modelfile;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueType;
import io.simrt.config.SettingsException;
import io.simrt.models.ParameterException;
import io.simrt.models.abc.Distance;
import io.simrt.models.abc.Distances;
import io.simrt.models.abc.ObservedData;
import io.simrt.models.abc.OnSimulationError;
import io.simrt.models.abc.Simulator;
import io.simrt.models.abc.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reads a model file: a model in HOCON (docs/models.md has the format) into a {@link ModelFileSpec}. Everything is
 * checked here, on the caller's side, so that each mistake is one {@link SettingsException} naming the file, the line
 * and the key: an unknown key (with the keys allowed there), a missing one, a prior whose arguments break a rule, an
 * observed-data file that is missing or not one column of numbers, a class that is missing or of the wrong kind.
 * Classes are loaded through the thread's context class loader.
 */
public final class ModelFile {
    static final List<String> TOP =
            List.of("name", "parameters", "simulator", "summaries", "distance", "observed", "on-simulation-error");

    private ModelFile() {}

    /** @throws SettingsException naming the file, line and key of the first mistake */
    public static ModelFileSpec load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SettingsException(file + ": no such readable model file");
        }
        Node root;
        try {
            root = new Node(
                    file,
                    "",
                    ConfigFactory.parseFile(
                                    file.toFile(),
                                    ConfigParseOptions.defaults()
                                            .setSyntax(ConfigSyntax.CONF)
                                            .setAllowMissing(false))
                            .resolve()
                            .root());
        } catch (ConfigException e) {
            throw new SettingsException("model file " + e.getMessage(), e);
        }
        root.allowOnly(TOP);
        String name = root.optional("name").map(Node::string).orElse(defaultName(file));
        List<ParameterSpec> parameters = parameters(root.required("parameters"));
        Node simNode = root.required("simulator");
        String simulator = "";
        ExternalSpec external = ExternalSpec.none();
        if (simNode.type() == ConfigValueType.OBJECT) {
            external = ExternalSimulators.parse(simNode, file);
        } else {
            simulator = simNode.string();
            checkClass(simNode, simulator, Simulator.class, Simulator.Batch.class);
        }
        List<SummarySpec> summaries = summaries(root.required("summaries"));
        DistanceSpec distance =
                root.optional("distance").map(ModelFile::distance).orElse(DistanceSpec.of("euclidean"));
        double[] observed = observed(root.required("observed"), file);
        OnSimulationError onError =
                root.optional("on-simulation-error").map(ModelFile::onError).orElse(OnSimulationError.FAIL);
        ExternalSimulators.checkOutputLength(simNode, observed.length);
        ModelFileSpec spec =
                new ModelFileSpec(name, parameters, simulator, external, summaries, distance, observed, onError);
        if (distance.kind().equals("weighted") && distance.weights().length != summaries.size()) {
            throw root.required("distance")
                    .error(distance.weights().length + " weights for " + summaries.size()
                            + " summaries; give one weight per summary");
        }
        return spec;
    }

    private static String defaultName(Path file) {
        String f = file.getFileName().toString();
        return f.endsWith(".conf") ? f.substring(0, f.length() - 5) : f;
    }

    private static List<ParameterSpec> parameters(Node list) {
        List<ParameterSpec> out = new ArrayList<>();
        List<Node> items = list.list();
        if (items.isEmpty()) {
            throw list.error("needs at least one parameter { name = ..., prior = { ... } }");
        }
        for (Node p : items) {
            p.allowOnly(List.of("name", "prior"));
            String name = p.required("name").string();
            for (ParameterSpec before : out) {
                if (before.name().equals(name)) {
                    throw p.required("name").error("parameter '" + name + "' is defined twice");
                }
            }
            Node prior = p.required("prior");
            String kind = prior.onlyKey(List.copyOf(ParameterSpec.ARGUMENTS.keySet()), "prior");
            Node argsNode = prior.required(kind);
            List<String> keys = ParameterSpec.ARGUMENTS.get(kind);
            argsNode.allowOnly(keys);
            double[] args = new double[keys.size()];
            for (int i = 0; i < args.length; i++) {
                String key = keys.get(i);
                boolean optional = kind.equals("truncated-normal") && ParameterSpec.OPTIONAL.contains(key);
                args[i] = optional
                        ? argsNode.optional(key)
                                .map(Node::number)
                                .orElse(key.equals("low") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                        : argsNode.required(key).number();
            }
            ParameterSpec spec = new ParameterSpec(name, kind, args);
            checked(argsNode, spec::toPrior);
            out.add(spec);
        }
        return out;
    }

    private static List<SummarySpec> summaries(Node list) {
        List<SummarySpec> out = new ArrayList<>();
        List<Node> items = list.list();
        if (items.isEmpty()) {
            throw list.error("needs at least one summary: a class name or { builtin = mean | variance | autocov }");
        }
        for (Node s : items) {
            SummarySpec spec;
            if (s.type() == ConfigValueType.STRING && !s.string().contains(".")) {
                spec = builtin(s, s.string(), 0);
            } else if (s.type() == ConfigValueType.STRING) {
                checkClass(s, s.string(), Summary.class);
                spec = SummarySpec.ofClass(s.string());
            } else {
                s.allowOnly(List.of("builtin", "lag", "index", "class"));
                if (s.optional("class").isPresent() == s.optional("builtin").isPresent()) {
                    throw s.error("give either builtin = mean | variance | autocov | element, or class = \"...\"");
                }
                if (s.optional("class").isPresent()) {
                    Node c = s.required("class");
                    checkClass(c, c.string(), Summary.class);
                    spec = SummarySpec.ofClass(c.string());
                } else {
                    Node lag = s.optional("lag").orElse(null);
                    Node index = s.optional("index").orElse(null);
                    String kind = s.required("builtin").string();
                    int arg = kind.equals("element") ? s.required("index").integer() : lag == null ? 1 : lag.integer();
                    spec = builtin(s.required("builtin"), kind, arg);
                    if (lag != null && !spec.builtin().equals("autocov")) {
                        throw lag.error("only autocov takes a lag");
                    }
                    if (index != null && !spec.builtin().equals("element")) {
                        throw index.error("only element takes an index");
                    }
                }
            }
            for (SummarySpec before : out) {
                if (before.name().equals(spec.name())) {
                    throw s.error("summary '" + spec.name() + "' is given twice");
                }
            }
            out.add(spec);
        }
        return out;
    }

    private static SummarySpec builtin(Node where, String name, int lag) {
        if (!SummarySpec.BUILTINS.contains(name)) {
            throw where.error("unknown built-in summary '" + name + "'; built in: "
                    + String.join(", ", SummarySpec.BUILTINS) + " (or a fully qualified class name)");
        }
        SummarySpec spec = SummarySpec.builtin(name, name.equals("autocov") || name.equals("element") ? lag : 0);
        checked(where, spec::toSummary);
        return spec;
    }

    private static DistanceSpec distance(Node d) {
        if (d.type() == ConfigValueType.STRING) {
            String v = d.string();
            if (v.contains(".")) {
                checkClass(d, v, Distance.class);
                return new DistanceSpec("class", v, new double[0], 0, 0);
            }
            if (!List.of("euclidean", "manhattan").contains(v)) {
                throw d.error("'" + v + "' is not euclidean or manhattan; the others take arguments: "
                        + "{ weighted { weights = [...] } }, { adaptive { pilot = 1000 } }, or a class name");
            }
            return DistanceSpec.of(v);
        }
        String kind = d.onlyKey(DistanceSpec.KINDS, "distance");
        Node args = d.required(kind);
        return switch (kind) {
            case "euclidean", "manhattan" -> {
                args.allowOnly(List.of());
                yield DistanceSpec.of(kind);
            }
            case "weighted" -> {
                args.allowOnly(List.of("weights"));
                double[] w = args.required("weights").numbers();
                checked(args.required("weights"), () -> Distances.weighted(w));
                yield new DistanceSpec(kind, "", w, 0, 0);
            }
            case "adaptive" -> {
                args.allowOnly(List.of("pilot", "seed"));
                int pilot = args.required("pilot").integer();
                long seed = args.optional("seed").map(n -> (long) n.number()).orElse(Distances.DEFAULT_PILOT_SEED);
                checked(args.required("pilot"), () -> Distances.adaptive(pilot, seed));
                yield new DistanceSpec(kind, "", new double[0], pilot, seed);
            }
            default -> {
                String c = args.string();
                checkClass(args, c, Distance.class);
                yield new DistanceSpec("class", c, new double[0], 0, 0);
            }
        };
    }

    private static double[] observed(Node o, Path file) {
        if (o.type() == ConfigValueType.LIST) {
            return checked(o, () -> ObservedData.of(o.numbers()).values());
        }
        o.allowOnly(List.of("file", "values"));
        if (o.optional("file").isPresent() == o.optional("values").isPresent()) {
            throw o.error("give either file = \"data.csv\" (or .json) or values = [ ... ]");
        }
        if (o.optional("values").isPresent()) {
            Node v = o.required("values");
            return checked(v, () -> ObservedData.of(v.numbers()).values());
        }
        Node f = o.required("file");
        Path dir = file.toAbsolutePath().getParent();
        Path data = dir.resolve(f.string());
        if (!Files.isRegularFile(data) || !Files.isReadable(data)) {
            throw f.error("observed-data file " + data + " does not exist or cannot be read");
        }
        String lower = data.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return checked(f, () -> ObservedData.csv(data).values());
        }
        if (lower.endsWith(".json")) {
            return checked(f, () -> ObservedData.json(data).values());
        }
        throw f.error("observed-data file " + data + " must end in .csv (one column) or .json (one array)");
    }

    private static OnSimulationError onError(Node n) {
        String v = n.string().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "fail" -> OnSimulationError.FAIL;
            case "skip" -> OnSimulationError.SKIP;
            default -> throw n.error("must be fail or skip, not '" + v + "'");
        };
    }

    private static void checkClass(Node where, String className, Class<?>... kinds) {
        try {
            UserClass.load(className, kinds);
        } catch (SettingsException e) {
            throw where.error(e.getMessage());
        }
    }

    private static <T> T checked(Node where, Supplier<T> make) {
        try {
            return make.get();
        } catch (ParameterException e) {
            throw where.error(e.getMessage());
        }
    }
}
