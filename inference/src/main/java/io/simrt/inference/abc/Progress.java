package io.simrt.inference.abc;

/** Receives progress of an ABC run in batches; the total may change while a threshold run estimates it. */
@FunctionalInterface
public interface Progress {
    /** Nothing is reported. */
    Progress NONE = (done, total) -> {};

    /** Called after each consumed batch, on the thread that runs the inference. */
    void batches(long done, long total);
}
