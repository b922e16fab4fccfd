package io.simrt.models.abc;

/**
 * A model definition that can travel to engines: a public class with a public no-argument constructor whose
 * {@link #define()} returns the unbuilt {@link AbcBuilder}. Lambdas cannot be sent to another JVM, but a class name
 * can: {@link AbcModels#fromDefinition(Class)} builds the model on the caller's side, and its spec
 * ({@link DefinitionSpec}) rebuilds it on an engine from the class name, with the observed data and distance scales
 * the caller resolved.
 *
 * <pre>{@code
 * public final class Sir implements AbcDefinition {
 *     public AbcBuilder define() {
 *         return AbcModels.builder("sir")
 *                 .parameter("beta", Priors.uniform(0, 1))
 *                 .parameter("gamma", Priors.uniform(0, 0.5))
 *                 .simulator((theta, rng) -> gillespie(theta[0], theta[1], rng))
 *                 .summary("peak", data -> max(data))
 *                 .observed(ObservedData.csv(Path.of("cases.csv")));
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #define()} may run on every engine: it must be cheap and must not read files or the network (a file of
 * observed data is read only on the caller's side, by {@link AbcModels#fromDefinition(Class)}).
 */
public interface AbcDefinition {

    /** The model's builder, not built. */
    AbcBuilder define();

    /**
     * One line on the model for {@code simrt models}; empty (the default) lists its parameters instead. Listing calls
     * this and {@link #define()}, never {@code build()}: no observed data is read and no pilot run.
     */
    default String description() {
        return "";
    }
}
