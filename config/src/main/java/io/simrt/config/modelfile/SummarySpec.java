package io.simrt.config.modelfile;

import io.simrt.models.abc.Summaries;
import io.simrt.models.abc.Summary;
import java.util.List;

/**
 * One summary of a model file, as plain data: a built-in one ({@link Summaries}) or a user class implementing
 * {@link Summary} with a public no-arg constructor.
 *
 * @param name      the summary's name in the model (the class's simple name, or the built-in's name and lag)
 * @param builtin   {@code mean}, {@code variance}, {@code autocov} or {@code element}; empty for a class
 * @param className the class; empty for a built-in
 * @param lag       autocov's lag or element's index, else 0
 */
public record SummarySpec(String name, String builtin, String className, int lag) {
    /** The built-in summaries a model file may name. */
    public static final List<String> BUILTINS = List.of("mean", "variance", "autocov", "element");

    public SummarySpec {
        if (name == null || builtin == null || className == null || builtin.isEmpty() == className.isEmpty()) {
            throw new IllegalArgumentException("summary spec needs a built-in or a class name, not both");
        }
        if (!builtin.isEmpty() && !BUILTINS.contains(builtin)) {
            throw new IllegalArgumentException("unknown built-in summary " + builtin + "; known: " + BUILTINS);
        }
    }

    static SummarySpec ofClass(String className) {
        return new SummarySpec(className.substring(className.lastIndexOf('.') + 1), "", className, 0);
    }

    static SummarySpec builtin(String builtin, int lag) {
        boolean takesArgument = "autocov".equals(builtin) || "element".equals(builtin);
        return new SummarySpec(takesArgument ? builtin + lag : builtin, builtin, "", lag);
    }

    /** The summary: a built-in, or a new instance of the class loaded through the thread's context class loader. */
    public Summary toSummary() {
        return switch (builtin) {
            case "" -> UserClass.create(className, Summary.class);
            case "mean" -> Summaries.mean();
            case "variance" -> Summaries.variance();
            case "autocov" -> Summaries.autocov(lag);
            case "element" -> Summaries.element(lag);
            default -> throw new IllegalStateException("unknown built-in summary " + builtin);
        };
    }
}
