package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import java.util.List;

/**
 * Precession at an unknown frequency {@code omega} that dephases at an unknown rate {@code T2inv}
 * (QInfer's {@code UnknownT2Model}, {@code docs/python-semantics.md §1}).
 *
 * <p>Model parameters {@code (omega, T2inv)}; experiment layout {@code [t]}; two outcomes with
 * Pr(0 | omega, T2inv; t) = v·cos²(omega·t/2) + (1 − v)/2, v = exp(−t·T2inv), and Pr(1) = 1 − Pr(0).
 * A row is valid iff both parameters are {@code >= 0}. As in QInfer, {@code t} is not restricted; a negative
 * {@code t} with {@code T2inv > 0} gives v > 1 and can leave Pr(0) outside [0, 1].
 *
 * <p>Stateless apart from the call counters; all instances are equal.
 */
public final class UnknownT2Model extends TwoOutcomeModel<UnknownT2Model.Spec> {
    public static final String NAME = "UnknownT2Model";

    private UnknownT2Model() {
        super(NAME, List.of("omega", "T2inv"), ExpLayout.of("t"), new Spec());
    }

    public static UnknownT2Model of() {
        return new UnknownT2Model();
    }

    /** {@code omega >= 0 && T2inv >= 0}. */
    @Override
    boolean isValid(ModelParams mps, int j) {
        return mps.get(j, 0) >= 0 && mps.get(j, 1) >= 0;
    }

    /** Pr(0) = v·c² + (1 − v)/2 with {@code c = cos(omega * t / 2)}, {@code v = exp(-t * T2inv)}. */
    @Override
    double pr0(ModelParams mps, int j, ExpParams eps, int k) {
        double omega = mps.get(j, 0);
        double t2inv = mps.get(j, 1);
        double t = eps.get(k, 0);
        double c = Math.cos(omega * t / 2);
        double v = Math.exp(-t * t2inv);
        return v * c * c + (1 - v) / 2;
    }

    /** An {@link UnknownT2Model} has no constants. */
    public record Spec() implements ModelSpec<Model> {
        @Override
        public UnknownT2Model build() {
            return of();
        }
    }
}
