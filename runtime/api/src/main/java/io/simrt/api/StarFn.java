package io.simrt.api;

import java.util.List;

/** A function of several arguments for {@code starmap}: each input is the list of its arguments. */
@FunctionalInterface
public interface StarFn<R> {
    R apply(List<Object> args) throws Exception;
}
