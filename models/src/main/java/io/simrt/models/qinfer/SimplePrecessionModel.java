package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.Require;
import java.util.List;

/**
 * A qubit precessing at an unknown angular frequency {@code omega}, measured after a time {@code t}
 * (QInfer's {@code SimplePrecessionModel}, {@code docs/python-semantics.md §1}).
 *
 * <p>One model parameter {@code omega}; experiment layout {@code [t]}; two outcomes with
 * Pr(0 | omega; t) = cos²(omega·t/2) and Pr(1) = 1 − Pr(0). A parameter row is valid iff
 * {@code omega > minFreq} (strict).
 *
 * <p>Immutable apart from the call counters; two instances with the same {@code minFreq} are equal.
 */
public final class SimplePrecessionModel extends TwoOutcomeModel<SimplePrecessionModel.Spec> {
    public static final String NAME = "SimplePrecessionModel";

    private SimplePrecessionModel(Spec spec) {
        super(NAME, List.of("omega"), ExpLayout.of("t"), spec);
    }

    /** {@code minFreq = 0}: every positive frequency is valid. */
    public static SimplePrecessionModel of() {
        return of(0);
    }

    /**
     * @param minFreq lower bound (exclusive) of valid frequencies
     * @throws io.simrt.models.ParameterException unless {@code minFreq} is finite and {@code >= 0}
     */
    public static SimplePrecessionModel of(double minFreq) {
        return new SimplePrecessionModel(new Spec(minFreq));
    }

    public double minFreq() {
        return spec().minFreq();
    }

    /** {@code omega > minFreq}. */
    @Override
    boolean isValid(ModelParams mps, int j) {
        return mps.get(j, 0) > spec().minFreq();
    }

    /** Pr(0) = cos²(omega·t/2), computed as {@code c * c} with {@code c = cos(omega * t / 2)}. */
    @Override
    double pr0(ModelParams mps, int j, ExpParams eps, int k) {
        double omega = mps.get(j, 0);
        double t = eps.get(k, 0);
        double c = Math.cos(omega * t / 2);
        return c * c;
    }

    /** Everything that defines a {@link SimplePrecessionModel}. */
    public record Spec(double minFreq) implements ModelSpec<Model> {
        public Spec {
            Require.nonNegative("minFreq", minFreq);
            minFreq += 0.0; // -0.0 becomes 0.0, so equal bounds give equal specs
        }

        @Override
        public SimplePrecessionModel build() {
            return new SimplePrecessionModel(this);
        }
    }
}
