package io.simrt.config.modelfile;

import io.simrt.models.ModelSpec;
import io.simrt.models.abc.AbcBuilder;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.OnSimulationError;
import io.simrt.models.abc.Simulator;
import io.simrt.models.external.ExternalSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A model read from a model file ({@link ModelFile}), as plain data that travels to engines: the parameters with
 * their priors, the class names of the simulator (and of user summaries and distance), the distance, and the
 * observed data as values, so that {@link #build()} needs none of the files. Classes are loaded through the thread's
 * context class loader.
 *
 * @param name       the model's name
 * @param parameters the parameters in column order
 * @param simulator  the class implementing {@link Simulator} or {@link Simulator.Batch} (the batch form wins); empty
 *                   when {@code external} is given
 * @param external   the external simulator's command ({@link ExternalSpec#none()} when {@code simulator} names a
 *                   class); it writes as many values per row as the observed data has
 * @param summaries  the summaries in order
 * @param distance   the distance
 * @param observed   the observed data (copied in and out)
 * @param onError    what a throwing simulator does to its batch
 */
public record ModelFileSpec(
        String name,
        List<ParameterSpec> parameters,
        String simulator,
        ExternalSpec external,
        List<SummarySpec> summaries,
        DistanceSpec distance,
        double[] observed,
        OnSimulationError onError)
        implements ModelSpec<AbcModel> {

    public ModelFileSpec {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(simulator, "simulator");
        Objects.requireNonNull(external, "external");
        if (simulator.isEmpty() != external.given()) {
            throw new IllegalArgumentException("a model file spec needs a simulator class or an external command");
        }
        summaries = List.copyOf(summaries);
        Objects.requireNonNull(distance, "distance");
        observed = observed.clone();
        Objects.requireNonNull(onError, "onError");
    }

    @Override
    public double[] observed() {
        return observed.clone();
    }

    /** This spec with another error policy ({@code --on-simulation-error}). */
    public ModelFileSpec withOnError(OnSimulationError policy) {
        return new ModelFileSpec(name, parameters, simulator, external, summaries, distance, observed, policy);
    }

    /** The external simulator's command line, if the model file gives one. */
    @Override
    public List<String> commands() {
        return external.given() ? external.command() : List.of();
    }

    /** The simulator's class, then user summary classes, then a user distance class. */
    @Override
    public List<String> classNames() {
        List<String> names = new ArrayList<>();
        if (!simulator.isEmpty()) {
            names.add(simulator);
        }
        for (SummarySpec s : summaries) {
            if (!s.className().isEmpty()) {
                names.add(s.className());
            }
        }
        if (!distance.className().isEmpty()) {
            names.add(distance.className());
        }
        return List.copyOf(names);
    }

    /**
     * The model, built with {@link AbcModels#builder}; its {@link AbcModel#spec()} is this spec.
     *
     * @throws io.simrt.config.SettingsException if a class is missing, not of its kind or cannot be created
     * @throws io.simrt.models.ParameterException if a part is invalid or the parts do not fit
     */
    @Override
    public AbcModel build() {
        AbcBuilder b = AbcModels.builder(name);
        for (ParameterSpec p : parameters) {
            b.parameter(p.name(), p.toPrior());
        }
        if (external.given()) {
            b.simulatorBatch(
                    observed.length, ExternalSimulator.of(external.toCommand(), parameters.size(), observed.length));
        } else if (Simulator.Batch.class.isAssignableFrom(UserClass.load(simulator, Object.class))) {
            b.simulatorBatch(observed.length, UserClass.create(simulator, Simulator.Batch.class));
        } else {
            b.simulator(UserClass.create(simulator, Simulator.class));
        }
        for (SummarySpec s : summaries) {
            b.summary(s.name(), s.toSummary());
        }
        return new ModelFileModel(
                b.distance(distance.toDistance())
                        .observed(observed)
                        .onSimulationError(onError)
                        .build(),
                this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelFileSpec s
                && s.name.equals(name)
                && s.parameters.equals(parameters)
                && s.simulator.equals(simulator)
                && s.external.equals(external)
                && s.summaries.equals(summaries)
                && s.distance.equals(distance)
                && Arrays.equals(s.observed, observed)
                && s.onError == onError;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name, parameters, simulator, external, summaries, distance, Arrays.hashCode(observed), onError);
    }

    @Override
    public String toString() {
        return "ModelFileSpec[" + name + ", " + parameters.size() + " parameters, simulator "
                + (external.given() ? external.command() : simulator) + ", "
                + summaries.size() + " summaries, " + distance.kind() + " distance, " + observed.length
                + " observed values, " + onError + "]";
    }
}
