package io.simrt.inference.smc;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ParameterException;
import io.simrt.models.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exponentially sparse time heuristic of Ferrie, Granade and Cory (QInfer's {@code ExpSparseHeuristic}):
 * the k-th experiment (k = number of data the updater has seen, from 0) has time {@code t_k = scale * base^k},
 * default {@code base = 9/8}, {@code scale = 1}. The experiment has the time field (default {@code t}) followed by
 * the fixed other fields, in the order given.
 */
public final class ExpSparseHeuristic implements Heuristic {
    public static final double DEFAULT_BASE = 9.0 / 8.0;

    private final SmcUpdater updater;
    private final double scale;
    private final double base;
    private final ExpLayout layout;
    private final double[] others;

    private ExpSparseHeuristic(Builder b) {
        this.updater = b.updater;
        this.scale = b.scale;
        this.base = b.base;
        ExpLayout l = ExpLayout.of(b.timeField);
        for (String f : b.otherFields.keySet()) {
            l = l.with(f); // throws if a field repeats the time field
        }
        this.layout = l;
        this.others =
                b.otherFields.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {@code t_k = (9/8)^k} in field {@code t}. */
    public static ExpSparseHeuristic of(SmcUpdater updater) {
        return builder(updater).build();
    }

    public static Builder builder(SmcUpdater updater) {
        return new Builder(updater);
    }

    /** {@code [scale * base^k, other fields...]} with {@code k = updater.dataRecord().length}. */
    @Override
    public ExpParams next() {
        int k = updater.dataRecord().length;
        double[] row = new double[layout.size()];
        row[0] = scale * Math.pow(base, k);
        System.arraycopy(others, 0, row, 1, others.length);
        return ExpParams.of(layout, 1, row);
    }

    /** Options of an {@link ExpSparseHeuristic}. */
    public static final class Builder {
        private final SmcUpdater updater;
        private double scale = 1;
        private double base = DEFAULT_BASE;
        private String timeField = "t";
        private final Map<String, Double> otherFields = new LinkedHashMap<>();

        private Builder(SmcUpdater updater) {
            this.updater = Objects.requireNonNull(updater, "updater");
        }

        /** {@code A} in {@code t_k = A b^k}: the frequency scale of the problem; finite, {@code > 0}. */
        public Builder scale(double scale) {
            this.scale = Require.positive("scale", scale);
            return this;
        }

        /** {@code b} in {@code t_k = A b^k}; finite, {@code > 0}; default 9/8. */
        public Builder base(double base) {
            this.base = Require.positive("base", base);
            return this;
        }

        /** Name of the time field; default {@code t}. */
        public Builder timeField(String name) {
            this.timeField = Objects.requireNonNull(name, "timeField");
            return this;
        }

        /** A field with a fixed value in every experiment, after the time field. */
        public Builder otherField(String name, double value) {
            Require.finite(name, value);
            if (otherFields.put(Objects.requireNonNull(name, "name"), value) != null) {
                throw ParameterException.because("other field '" + name + "' given twice");
            }
            return this;
        }

        public ExpSparseHeuristic build() {
            return new ExpSparseHeuristic(this);
        }
    }
}
