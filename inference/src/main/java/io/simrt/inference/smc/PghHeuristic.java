package io.simrt.inference.smc;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The particle guess heuristic of Wiebe, Granade, Ferrie and Cory (QInfer's {@code PGH}): draw two particles
 * {@code x, x'} from the posterior ({@link SmcUpdater#sample} with {@code n = 2}), again while they coincide, up to
 * {@code maxIters} draws; then the experiment is
 * <pre>
 *   t  = 1 / ||x - x'||_1          (QInfer's Model.distance with Q = 1: sum_p |x_p - x'_p|)
 *   x_ = x[inversionParam]         (the inversion hypothesis; QInfer's inv_field)
 * </pre>
 * followed by the fixed other fields. Defaults follow QInfer: time field {@code t}, inversion field {@code x_}
 * filled from parameter 0, {@code maxIters = 10}. Models that do not read {@code x_} ignore it; it can also be left
 * out ({@link Builder#noInversionField()}). The draws come from the updater's stream.
 */
public final class PghHeuristic implements Heuristic {
    public static final int DEFAULT_MAX_ITERS = 10;

    private final SmcUpdater updater;
    private final int maxIters;
    private final Optional<String> inversionField;
    private final int inversionParam;
    private final ExpLayout layout;
    private final double[] others;

    private PghHeuristic(Builder b) {
        this.updater = b.updater;
        this.maxIters = b.maxIters;
        this.inversionField = b.inversionField;
        this.inversionParam = b.inversionParam;
        int d = updater.particleLocations().nParams();
        if (inversionParam >= d) {
            throw ParameterException.of(
                    "inversionParam", inversionParam, "must be < " + d + ", the number of model parameters");
        }
        ExpLayout l = ExpLayout.of(b.timeField);
        if (inversionField.isPresent()) {
            l = l.with(inversionField.get());
        }
        for (String f : b.otherFields.keySet()) {
            l = l.with(f);
        }
        this.layout = l;
        this.others =
                b.otherFields.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** QInfer's defaults: fields {@code [t, x_]}, {@code x_} from parameter 0, {@code maxIters = 10}. */
    public static PghHeuristic of(SmcUpdater updater) {
        return builder(updater).build();
    }

    public static Builder builder(SmcUpdater updater) {
        return new Builder(updater);
    }

    /** The layout of the experiments this heuristic makes: time, inversion field if any, other fields. */
    public ExpLayout layout() {
        return layout;
    }

    /**
     * One experiment {@code [t, x_?, others...]} as described on the class.
     *
     * @throws SmcException if {@code maxIters} pairs of draws were all identical (a collapsed posterior)
     */
    @Override
    public ExpParams next() {
        int d = updater.particleLocations().nParams();
        for (int iter = 0; iter < maxIters; iter++) {
            ModelParams pair = updater.sample(2);
            double dist = 0;
            for (int p = 0; p < d; p++) {
                dist += Math.abs(pair.get(0, p) - pair.get(1, p));
            }
            if (dist > 0) {
                double[] row = new double[layout.size()];
                int f = 0;
                row[f++] = 1 / dist;
                if (inversionField.isPresent()) {
                    row[f++] = pair.get(0, inversionParam);
                }
                System.arraycopy(others, 0, row, f, others.length);
                return ExpParams.of(layout, 1, row);
            }
        }
        throw new SmcException(
                "PGH did not find distinct particles in " + maxIters + " iterations (n_ess = " + updater.nEss() + ")");
    }

    /** Options of a {@link PghHeuristic}. */
    public static final class Builder {
        private final SmcUpdater updater;
        private int maxIters = DEFAULT_MAX_ITERS;
        private String timeField = "t";
        private Optional<String> inversionField = Optional.of("x_");
        private int inversionParam = 0;
        private final Map<String, Double> otherFields = new LinkedHashMap<>();

        private Builder(SmcUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
        }

        /** Pairs of draws to try before giving up, {@code >= 1}; default 10. */
        public Builder maxIters(int maxIters) {
            this.maxIters = Require.positive("maxIters", maxIters);
            return this;
        }

        /** Name of the time field; default {@code t}. */
        public Builder timeField(String name) {
            this.timeField = Objects.requireNonNull(name, "timeField");
            return this;
        }

        /** The inversion field and the model parameter it copies from the first draw; default {@code x_}, 0. */
        public Builder inversionField(String name, int param) {
            this.inversionField = Optional.of(Objects.requireNonNull(name, "inversionField"));
            this.inversionParam = Require.nonNegative("inversionParam", param);
            return this;
        }

        /** Experiments without an inversion field (models with only a time field). */
        public Builder noInversionField() {
            this.inversionField = Optional.empty();
            this.inversionParam = 0;
            return this;
        }

        /** A field with a fixed value in every experiment, after the time and inversion fields. */
        public Builder otherField(String name, double value) {
            Require.finite(name, value);
            if (otherFields.put(Objects.requireNonNull(name, "name"), value) != null) {
                throw ParameterException.because("other field '" + name + "' given twice");
            }
            return this;
        }

        /** @throws ParameterException if a field name repeats or {@code inversionParam} is out of range */
        public PghHeuristic build() {
            return new PghHeuristic(this);
        }
    }
}
