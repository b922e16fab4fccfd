package io.simrt.cli;

import io.simrt.inference.smc.UniformPrior;
import io.simrt.models.Model;
import io.simrt.models.ParameterException;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qinfer.UnknownT2Model;
import io.simrt.models.qubit.DampedRabiModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The models {@code simrt smc} runs: those it knows by name, each with a prior and default true parameters, and a
 * user's class implementing {@link Model}, which has neither (they come from {@code --prior-bounds} and
 * {@code --true-params}).
 */
final class SmcModels {
    /** A model with the prior the particle filter starts from and the parameters data are simulated from. */
    record Entry(String name, Model model, Optional<UniformPrior> prior, Optional<double[]> defaultTruth) {}

    /** A built-in model as {@code simrt models} lists it. */
    record BuiltIn(String name, Class<?> type, String description) {}

    static final List<BuiltIn> BUILT_IN = List.of(
            new BuiltIn("precession", SimplePrecessionModel.class, "QInfer's simple precession, one frequency omega"),
            new BuiltIn("unknown-t2", UnknownT2Model.class, "QInfer's precession with an unknown decay time T2"),
            new BuiltIn("rabi", DampedRabiModel.class, "A damped, detuned Rabi oscillation (Bloch equations)"));

    static final List<String> NAMES = BUILT_IN.stream().map(BuiltIn::name).toList();

    private SmcModels() {}

    /** The model {@code --model value} names: a built-in name or a class implementing {@link Model}. */
    static Entry resolve(String value, ModelClassLoader code) {
        if (NAMES.contains(value)) {
            return get(value);
        }
        if (!UserClasses.looksLikeClassName(value)) {
            throw new UsageException("unknown model '" + value + "'; known SMC models: " + String.join(", ", NAMES)
                    + ", or the fully qualified name of a class implementing " + Model.class.getName());
        }
        Class<?> type = UserClasses.load("--model", value, code);
        if (!Model.class.isAssignableFrom(type)) {
            throw new UsageException("--model " + value + ": " + value + " is not a model: it must implement "
                    + Model.class.getName() + " (QInfer's model contract)");
        }
        Model model = UserClasses.instantiate("--model", type.asSubclass(Model.class));
        return new Entry(value, model, Optional.empty(), Optional.empty());
    }

    static Entry get(String name) {
        return switch (name) {
            case "precession" -> builtIn(name, SimplePrecessionModel.of(), UniformPrior.of(0, 2), 1.0);
            case "unknown-t2" ->
                builtIn(name, UnknownT2Model.of(), UniformPrior.of(new double[] {0, 0}, new double[] {2, 1}), 1.0, 0.1);
            case "rabi" ->
                builtIn(
                        name,
                        DampedRabiModel.of(),
                        UniformPrior.of(new double[] {0.2, 0}, new double[] {2, 0.5}),
                        1.0,
                        0.1);
            default ->
                throw new UsageException("unknown model '" + name + "'; known SMC models: " + String.join(", ", NAMES));
        };
    }

    /**
     * A uniform prior from {@code --prior-bounds lo:hi,lo:hi}, one pair per parameter of {@code model}.
     *
     * @throws UsageException if a pair is malformed or the count does not match
     */
    static UniformPrior priorBounds(List<String> pairs, Model model) {
        if (pairs.size() != model.nModelParams()) {
            throw new UsageException("--prior-bounds has " + pairs.size() + " pairs; the model has "
                    + model.nModelParams() + " parameters " + model.modelParamNames());
        }
        List<double[]> bounds = new ArrayList<>();
        for (String pair : pairs) {
            String[] lh = pair.split(":", -1);
            try {
                if (lh.length != 2) {
                    throw new NumberFormatException();
                }
                bounds.add(new double[] {Double.parseDouble(lh[0].trim()), Double.parseDouble(lh[1].trim())});
            } catch (NumberFormatException e) {
                throw new UsageException("--prior-bounds: '" + pair + "' is not lo:hi (two numbers)");
            }
        }
        double[] lo = bounds.stream().mapToDouble(b -> b[0]).toArray();
        double[] hi = bounds.stream().mapToDouble(b -> b[1]).toArray();
        try {
            return UniformPrior.of(lo, hi);
        } catch (ParameterException e) {
            throw new UsageException("--prior-bounds: " + e.getMessage());
        }
    }

    private static Entry builtIn(String name, Model model, UniformPrior prior, double... truth) {
        return new Entry(name, model, Optional.of(prior), Optional.of(truth));
    }
}
