package io.simrt.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simrt models}: the models {@code --model} accepts by name, built in or found through ServiceLoader. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "List the models --model accepts by name: built-in ABC and SMC models, and every "
                + "io.simrt.models.abc.AbcDefinition provider on the class path or in the --model-jar jars.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelJarOptions jarOptions = new ModelJarOptions();

    @Option(names = "--json", description = "Print one JSON object on stdout instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        List<ModelCatalog.Entry> entries;
        try (ModelClassLoader code = jarOptions.open()) {
            entries = ModelCatalog.list(code);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ModelCatalog.Entry e : entries) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("command", e.command());
                row.put("name", e.name());
                row.put("class", e.className());
                row.put("description", e.description());
                rows.add(row);
            }
            out.println(Json.write(Map.of("models", rows)));
            return 0;
        }
        int name = width(entries, ModelCatalog.Entry::name, "NAME");
        int cls = width(entries, ModelCatalog.Entry::className, "CLASS");
        String format = "%-9s %-" + name + "s %-" + cls + "s %s%n";
        out.printf(Locale.ROOT, format, "COMMAND", "NAME", "CLASS", "DESCRIPTION");
        for (ModelCatalog.Entry e : entries) {
            out.printf(Locale.ROOT, format, e.command(), e.name(), e.className(), e.description());
        }
        return 0;
    }

    private static int width(
            List<ModelCatalog.Entry> entries, java.util.function.Function<ModelCatalog.Entry, String> f, String head) {
        return entries.stream().mapToInt(e -> f.apply(e).length()).reduce(head.length(), Math::max);
    }
}
