package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.Require;
import java.util.List;

/**
 * Precession at an unknown frequency {@code omega} probed against a guessed frequency {@code w_}
 * (QInfer's {@code SimpleInversionModel}, {@code docs/python-semantics.md §1}).
 *
 * <p>One model parameter {@code omega}; experiment layout {@code [t, w_]}; two outcomes with
 * Pr(0 | omega; t, w_) = cos²(t·(omega − w_)/2) and Pr(1) = 1 − Pr(0). A row is valid iff {@code omega > minFreq}.
 *
 * <p>Immutable apart from the call counters; two instances with the same {@code minFreq} are equal.
 */
public final class SimpleInversionModel extends TwoOutcomeModel<SimpleInversionModel.Spec> {
    public static final String NAME = "SimpleInversionModel";

    private SimpleInversionModel(Spec spec) {
        super(NAME, List.of("omega"), ExpLayout.of("t", "w_"), spec);
    }

    /** {@code minFreq = 0}. */
    public static SimpleInversionModel of() {
        return of(0);
    }

    /**
     * @param minFreq lower bound (exclusive) of valid frequencies
     * @throws io.simrt.models.ParameterException unless {@code minFreq} is finite and {@code >= 0}
     */
    public static SimpleInversionModel of(double minFreq) {
        return new SimpleInversionModel(new Spec(minFreq));
    }

    public double minFreq() {
        return spec().minFreq();
    }

    /** {@code omega > minFreq}. */
    @Override
    boolean isValid(ModelParams mps, int j) {
        return mps.get(j, 0) > spec().minFreq();
    }

    /** Pr(0) = c² with {@code c = cos(t * (omega - w_) / 2)}. */
    @Override
    double pr0(ModelParams mps, int j, ExpParams eps, int k) {
        double omega = mps.get(j, 0);
        double t = eps.get(k, 0);
        double w = eps.get(k, 1);
        double c = Math.cos(t * (omega - w) / 2);
        return c * c;
    }

    /** Everything that defines a {@link SimpleInversionModel}. */
    public record Spec(double minFreq) implements ModelSpec<Model> {
        public Spec {
            Require.nonNegative("minFreq", minFreq);
            minFreq += 0.0; // -0.0 becomes 0.0, so equal bounds give equal specs
        }

        @Override
        public SimpleInversionModel build() {
            return new SimpleInversionModel(this);
        }
    }
}
