package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import java.util.List;

/**
 * A coin with unknown bias {@code p} (QInfer's {@code CoinModel}, {@code docs/python-semantics.md §1}).
 *
 * <p>One model parameter {@code p}; experiments have no fields ({@link ExpLayout#EMPTY}); two outcomes with
 * Pr(0 | p) = p and Pr(1) = 1 − p. A row is valid iff {@code 0 <= p <= 1}; the likelihood of an invalid row is
 * still computed by the same formula.
 *
 * <p>Stateless apart from the call counters; all instances are equal.
 */
public final class CoinModel extends TwoOutcomeModel<CoinModel.Spec> {
    public static final String NAME = "CoinModel";

    private CoinModel() {
        super(NAME, List.of("p"), ExpLayout.EMPTY, new Spec());
    }

    public static CoinModel of() {
        return new CoinModel();
    }

    /** {@code 0 <= p <= 1}. */
    @Override
    boolean isValid(ModelParams mps, int j) {
        double p = mps.get(j, 0);
        return p >= 0 && p <= 1;
    }

    /** Pr(0) = p for every experiment. */
    @Override
    double pr0(ModelParams mps, int j, ExpParams eps, int k) {
        return mps.get(j, 0);
    }

    /** A {@link CoinModel} has no constants. */
    public record Spec() implements ModelSpec<Model> {
        @Override
        public CoinModel build() {
            return of();
        }
    }
}
