package io.simrt.cli;

import io.simrt.inference.smc.UniformPrior;
import io.simrt.models.Model;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qinfer.UnknownT2Model;
import io.simrt.models.qubit.DampedRabiModel;
import java.util.List;

/** The models {@code simrt smc} knows by name, each with a prior and default true parameters. */
final class SmcModels {
    /** A named model with the prior the particle filter starts from. */
    record Entry(String name, Model model, UniformPrior prior, double[] defaultTruth) {}

    static final List<String> NAMES = List.of("precession", "unknown-t2", "rabi");

    private SmcModels() {}

    static Entry get(String name) {
        return switch (name) {
            case "precession" -> new Entry(name, SimplePrecessionModel.of(), UniformPrior.of(0, 2), new double[] {1.0});
            case "unknown-t2" ->
                new Entry(
                        name,
                        UnknownT2Model.of(),
                        UniformPrior.of(new double[] {0, 0}, new double[] {2, 1}),
                        new double[] {1.0, 0.1});
            case "rabi" ->
                new Entry(
                        name,
                        DampedRabiModel.of(),
                        UniformPrior.of(new double[] {0.2, 0}, new double[] {2, 0.5}),
                        new double[] {1.0, 0.1});
            default ->
                throw new UsageException("unknown model '" + name + "'; known SMC models: " + String.join(", ", NAMES));
        };
    }
}
