package io.simrt.cli;

import io.simrt.config.modelfile.ModelFile;
import io.simrt.config.modelfile.ModelFileSpec;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcDefinition;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.DefinitionSpec;
import io.simrt.models.abc.OnSimulationError;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns {@code --model}, {@code --model-file} and {@code --on-simulation-error} into the likelihood-free model
 * {@code abc} and {@code abc-smc} run: a built-in name, the name of a model an {@link AbcDefinition} provider
 * ({@code ServiceLoader}) defines, a class name ({@link AbcDefinition}, or {@link AbcModel} with a public no-arg
 * constructor), or a model file. Failures are usage errors of one line.
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
        Optional<OnSimulationError> onError = onError(options.onSimulationError);
        if (options.modelFile != null) {
            ModelFileSpec spec = ModelFile.load(options.modelFile);
            return new Resolved(
                    build(
                            options.modelFile.toString(),
                            onError.map(spec::withOnError).orElse(spec)),
                    spec.classNames());
        }
        String name = options.model != null ? options.model : "ma2";
        if (BuiltInAbcModels.has(name)) {
            refuseOnError(onError, name);
            return new Resolved(BuiltInAbcModels.build(name, rng, observedSeed), List.of());
        }
        Optional<Class<? extends AbcDefinition>> provider = ModelCatalog.provider(name, code);
        if (provider.isPresent()) {
            return definition(name, provider.get(), onError);
        }
        if (!UserClasses.looksLikeClassName(name)) {
            throw new UsageException("unknown model '" + name + "'; known ABC models: "
                    + String.join(", ", ModelCatalog.abcNames(code)) + " (see simrt models), or give the fully "
                    + "qualified name of a class implementing " + AbcDefinition.class.getName());
        }
        Class<?> type = UserClasses.load("--model", name, code);
        if (AbcDefinition.class.isAssignableFrom(type)) {
            UserClasses.requireInstantiable("--model", type);
            return definition(name, type.asSubclass(AbcDefinition.class), onError);
        }
        if (AbcModel.class.isAssignableFrom(type)) {
            refuseOnError(onError, name);
            return new Resolved(UserClasses.instantiate("--model", type.asSubclass(AbcModel.class)), List.of(name));
        }
        throw new UsageException("--model " + name + ": " + name + " is not a model: it must implement "
                + AbcDefinition.class.getName() + " (preferred) or " + AbcModel.class.getName());
    }

    private static Resolved definition(
            String given, Class<? extends AbcDefinition> type, Optional<OnSimulationError> onError) {
        AbcModel model;
        try {
            model = AbcModels.fromDefinition(type);
            if (onError.isPresent() && model.spec() instanceof DefinitionSpec s) {
                model = new DefinitionSpec(s.definitionClass(), s.observedData(), s.distanceScales(), onError.get())
                        .build();
            }
        } catch (ParameterException e) {
            throw new UsageException("--model " + given + ": " + e.getMessage());
        }
        return new Resolved(model, model.spec().classNames());
    }

    private static AbcModel build(String file, ModelFileSpec spec) {
        try {
            return spec.build();
        } catch (ParameterException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }

    private static Optional<OnSimulationError> onError(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "fail" -> Optional.of(OnSimulationError.FAIL);
            case "skip" -> Optional.of(OnSimulationError.SKIP);
            default -> throw new UsageException("--on-simulation-error must be fail or skip, got '" + value + "'");
        };
    }

    private static void refuseOnError(Optional<OnSimulationError> onError, String model) {
        if (onError.isPresent()) {
            throw new UsageException("--on-simulation-error applies to models defined by an AbcDefinition or a model "
                    + "file, not to " + model);
        }
    }
}
