package io.simrt.cli;

import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import java.util.List;

/**
 * Turns {@code --model} and {@code --model-file} into the likelihood-free model {@code abc} and {@code abc-smc} run:
 * a built-in name, a name a {@code ServiceLoader} provider answers to, a class name, or a model file. Failures are
 * usage errors of one line.
 */
final class ModelResolver {
    /** The model and the user classes it loads by name (their packages are allowed on the engines). */
    record Resolved(AbcModel model, List<String> classNames) {
        Resolved {
            classNames = List.copyOf(classNames);
        }
    }

    private final ModelClassLoader code;

    ModelResolver(ModelClassLoader code) {
        this.code = code;
    }

    /** The model {@code options} name; ma2's observed data come from {@code rng} and {@code observedSeed}. */
    Resolved resolve(AbcModelOptions options, RngFamily rng, long observedSeed) {
        if (options.modelFile != null && options.model != null) {
            throw new UsageException("give --model or --model-file, not both");
        }
        String name = options.model != null ? options.model : "ma2";
        if (BuiltInAbcModels.has(name)) {
            return new Resolved(BuiltInAbcModels.build(name, rng, observedSeed), List.of());
        }
        if (!UserClasses.looksLikeClassName(name)) {
            throw new UsageException("unknown model '" + name + "'; known ABC models: "
                    + String.join(", ", BuiltInAbcModels.NAMES) + " (simrt models lists them all), or a fully "
                    + "qualified class name");
        }
        return fromClass(name);
    }

    private Resolved fromClass(String className) {
        Class<?> type = UserClasses.load("--model", className, code);
        if (AbcModel.class.isAssignableFrom(type)) {
            AbcModel model = UserClasses.instantiate("--model", type.asSubclass(AbcModel.class));
            return new Resolved(model, List.of(className));
        }
        throw new UsageException("--model " + className + ": " + className + " is not a model: it must implement "
                + AbcModel.class.getName());
    }
}
