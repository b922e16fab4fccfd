package io.simrt.inference.store;

import java.util.Locale;

/** Where a stored run stands. */
public enum RunStatus {
    /** Started and not ended: running now, or its coordinator died (resume it). */
    RUNNING,
    /** Ended with a result. */
    DONE,
    /** Ended with an error. */
    FAILED,
    /** Ended by the user (interrupted) before its result. */
    STOPPED;

    /** The word stored and printed: {@code running}, {@code done}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RunStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
