package io.simrt.api;

/**
 * A function mapped over inputs on engines ({@code view.map(new Square(), inputs)}). Like {@link Task}, a class
 * from an allowed package; it may keep fields.
 */
@FunctionalInterface
public interface Fn<T, R> {
    R apply(T input) throws Exception;
}
