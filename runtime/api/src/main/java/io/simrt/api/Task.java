package io.simrt.api;

/**
 * Work run on an engine with access to its namespace: {@code view.apply(new MyTask(...))}. Write it as a class
 * (a record is ideal: its fields travel with it) in a package listed in {@code simrt.engine.allowed-packages};
 * engines instantiate nothing else. Lambdas cannot travel between JVMs.
 *
 * @param <R> the result: a number, string, array, list, map or record
 */
@FunctionalInterface
public interface Task<R> {
    R run(EngineContext engine) throws Exception;
}
