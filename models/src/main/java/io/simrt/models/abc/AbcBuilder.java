package io.simrt.models.abc;

import io.simrt.models.ParameterException;
import io.simrt.models.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * Composes an {@link AbcModel} from parts, as ELFI's graph does: parameters with their priors, a simulator,
 * summaries, a distance and the observed data. Made by {@link AbcModels#builder}; {@link #build()} gives an immutable,
 * thread-safe model. Each setter checks its argument at once; {@link #build()} checks that the parts fit.
 *
 * <p>Not thread-safe (a builder belongs to the code that fills it). The parts it is given are kept, not copied:
 * lambdas and priors must be immutable or thread-safe.
 */
public final class AbcBuilder {
    private final String name;
    private final List<String> parameterNames = new ArrayList<>();
    private final List<Prior> priors = new ArrayList<>();
    private final List<String> summaryNames = new ArrayList<>();
    private final List<Summary> summaries = new ArrayList<>();
    private Simulator simulator;
    private Simulator.Batch batchSimulator;
    private int dataLength;
    private Distance distance = Distances.euclidean();
    private ObservedData observed;
    private OnSimulationError onError = OnSimulationError.FAIL;

    AbcBuilder(String name) {
        this.name = checkName("model name", name);
    }

    /** The model's name, as given to {@link AbcModels#builder}. */
    public String name() {
        return name;
    }

    /** The parameter columns named so far, in order. */
    public List<String> parameterNames() {
        return List.copyOf(parameterNames);
    }

    /** One parameter column with its one-column prior, after those added before. */
    public AbcBuilder parameter(String name, Prior prior) {
        checkPrior(prior);
        if (prior.dimension() != 1) {
            throw ParameterException.because("parameter '" + name + "': its prior covers " + prior.dimension()
                    + " columns; use parameters(names, prior) for a joint prior");
        }
        return parameters(List.of(name), prior);
    }

    /**
     * Adjacent parameter columns with one joint prior over them (MA2's triangle over {@code t1, t2}); the names in
     * column order, as many as the prior's {@link Prior#dimension()}.
     */
    public AbcBuilder parameters(List<String> names, Prior joint) {
        checkPrior(joint);
        if (names == null || names.size() != joint.dimension()) {
            throw ParameterException.because("parameters " + names + ": the prior covers " + joint.dimension()
                    + " columns, so give " + joint.dimension() + " names");
        }
        for (String n : names) {
            checkName("parameter name", n);
            if (parameterNames.contains(n)) {
                throw ParameterException.because("parameter '" + n + "' is defined twice");
            }
        }
        parameterNames.addAll(names);
        priors.add(joint);
        return this;
    }

    /** A joint prior that names its own columns ({@link Prior#names()}). */
    public AbcBuilder parameters(Prior joint) {
        checkPrior(joint);
        if (joint.names().isEmpty()) {
            throw ParameterException.because(
                    "prior " + joint + " has no names of its own; use parameters(names, prior)");
        }
        return parameters(joint.names(), joint);
    }

    /** The simulator as a function of one parameter row (replaces a batch simulator given before). */
    public AbcBuilder simulator(Simulator simulator) {
        if (simulator == null) {
            throw ParameterException.of("simulator", null, "must be given");
        }
        this.simulator = simulator;
        this.batchSimulator = null;
        return this;
    }

    /**
     * The simulator in its batch form, writing {@code dataLength} values per row (replaces a function simulator given
     * before). The observed data must have {@code dataLength} values too.
     */
    public AbcBuilder simulatorBatch(int dataLength, Simulator.Batch simulator) {
        Require.positive("dataLength", dataLength);
        if (simulator == null) {
            throw ParameterException.of("simulator", null, "must be given");
        }
        this.batchSimulator = simulator;
        this.dataLength = dataLength;
        this.simulator = null;
        return this;
    }

    /** The next summary of the summary vector, named for messages. */
    public AbcBuilder summary(String name, Summary summary) {
        checkName("summary name", name);
        if (summary == null) {
            throw ParameterException.of("summary '" + name + "'", null, "must be given");
        }
        if (summaryNames.contains(name)) {
            throw ParameterException.because("summary '" + name + "' is defined twice");
        }
        summaryNames.add(name);
        summaries.add(summary);
        return this;
    }

    /** The distance between summary vectors; {@link Distances#euclidean()} unless given. */
    public AbcBuilder distance(Distance distance) {
        if (distance == null) {
            throw ParameterException.of("distance", null, "must be given");
        }
        this.distance = distance;
        return this;
    }

    /**
     * The observed data, as values (copied).
     *
     * @throws ParameterException if there are none or one is not finite
     */
    public AbcBuilder observed(double... data) {
        return observed(ObservedData.of(data));
    }

    /** The observed data from a source; a file is read by {@link #build()}, on the caller's side only. */
    public AbcBuilder observed(ObservedData data) {
        if (data == null) {
            throw ParameterException.of("observed data", null, "must be given");
        }
        this.observed = data;
        return this;
    }

    /** What a throwing simulator does to its batch: {@link OnSimulationError#FAIL} (the default) or skip the row. */
    public AbcBuilder onSimulationError(OnSimulationError onError) {
        if (onError == null) {
            throw ParameterException.of("onSimulationError", null, "must be FAIL or SKIP");
        }
        this.onError = onError;
        return this;
    }

    /**
     * The model: observed data read, observed summaries computed, an adaptive distance's pilot run. Its
     * {@link AbcModel#spec()} cannot travel to engines (lambdas do not): for that, return this builder from an
     * {@link AbcDefinition} and use {@link AbcModels#fromDefinition(Class)}.
     *
     * @throws ParameterException if a part is missing or the parts do not fit (data lengths, weights per summary,
     *     a summary of the observed data that is not finite)
     */
    public AbcModel build() {
        return build(null, null, null, (data, scales, err) -> new BuilderSpec(name));
    }

    /** Builds with the carried observed data, scales and error policy where given (null: this builder's own). */
    DefinedAbcModel build(
            double[] carriedData, double[] carriedScales, OnSimulationError carriedOnError, SpecMaker specMaker) {
        if (priors.isEmpty()) {
            throw ParameterException.because("model '" + name + "' has no parameters; add parameter(name, prior)");
        }
        if (simulator == null && batchSimulator == null) {
            throw ParameterException.because("model '" + name + "' has no simulator; add simulator(...)");
        }
        if (summaries.isEmpty()) {
            throw ParameterException.because("model '" + name + "' has no summaries; add summary(name, summary)");
        }
        double[] data;
        if (carriedData != null) {
            data = carriedData.clone();
        } else if (observed != null) {
            data = observed.values();
        } else {
            throw ParameterException.because("model '" + name + "' has no observed data; add observed(...)");
        }
        if (batchSimulator != null && data.length != dataLength) {
            throw ParameterException.because("model '" + name + "': the observed data has " + data.length
                    + " values but the batch simulator writes " + dataLength + " per row");
        }
        OnSimulationError err = carriedOnError != null ? carriedOnError : onError;
        DefinedAbcModel core = new DefinedAbcModel(
                name,
                parameterNames,
                priors,
                simulator,
                batchSimulator,
                dataLength,
                summaryNames,
                summaries,
                data,
                err);
        double[] scales = new double[0];
        Distance d = distance;
        if (distance instanceof AdaptiveDistance adaptive) {
            scales = carriedScales != null && carriedScales.length > 0
                    ? carriedScales.clone()
                    : core.pilotScales(adaptive);
            if (scales.length != summaries.size()) {
                throw ParameterException.because("model '" + name + "': " + scales.length + " distance scales for "
                        + summaries.size() + " summaries");
            }
            d = AdaptiveDistance.withScales(scales);
        } else if (carriedScales != null && carriedScales.length > 0) {
            throw ParameterException.because("model '" + name + "': the spec carries distance scales but the"
                    + " definition's distance is not adaptive");
        }
        if (d instanceof WeightedDistance w && w.dimension() != summaries.size()) {
            throw ParameterException.because("model '" + name + "': " + w.dimension() + " distance weights for "
                    + summaries.size() + " summaries " + summaryNames);
        }
        return core.finish(d, specMaker.make(data, scales, err));
    }

    private static void checkPrior(Prior prior) {
        if (prior == null) {
            throw ParameterException.of("prior", null, "must be given");
        }
        if (prior.dimension() < 1) {
            throw ParameterException.of("prior dimension", prior.dimension(), "must be >= 1");
        }
    }

    private static String checkName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw ParameterException.of(what, name == null ? null : "'" + name + "'", "must be a non-blank name");
        }
        return name;
    }
}
