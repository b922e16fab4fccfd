package io.simrt.api;

import java.time.Duration;

/** A result did not arrive within the time the settings (or the caller) allow. */
public class SimrtTimeoutException extends SimrtException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    public SimrtTimeoutException(String what, Duration timeout) {
        super(what + " did not complete within " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
