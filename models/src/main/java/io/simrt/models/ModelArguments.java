package io.simrt.models;

/**
 * The argument rules of the {@link Model} contract, in one place for every model and every wrapper of one: the
 * parameter matrix has the model's column count, the experiment table has the model's fields, and outcomes lie in
 * {@code [0, max_k nOutcomes(eps, k))}. Each rule fails with a {@link ParameterException} naming the model.
 */
public final class ModelArguments {
    private ModelArguments() {}

    /** {@code mps} has {@code model.nModelParams()} columns and {@code eps} every field {@code model} reads. */
    public static void requireShapes(Model model, ModelParams mps, ExpParams eps) {
        mps.requireParams(model.nModelParams(), model.name());
        for (String field : model.expLayout().fields()) {
            eps.layout().require(field, model.name());
        }
    }

    /** Every entry of {@code outcomes} is an outcome of {@code model} for some experiment of {@code eps}. */
    public static void requireOutcomes(Model model, int[] outcomes, ExpParams eps) {
        int max = maxOutcomes(model, eps);
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] < 0 || outcomes[i] >= max) {
                throw ParameterException.of(
                        "outcomes[" + i + "]",
                        outcomes[i],
                        "is not an outcome of " + model.name() + " (outcomes are 0.." + (max - 1) + ")");
            }
        }
    }

    /** The largest number of outcomes over the experiments of {@code eps} (at least 1). */
    public static int maxOutcomes(Model model, ExpParams eps) {
        if (model.isNOutcomesConstant()) {
            return model.nOutcomes(eps, 0);
        }
        int max = 1;
        for (int k = 0; k < eps.nExps(); k++) {
            max = Math.max(max, model.nOutcomes(eps, k));
        }
        return max;
    }
}
