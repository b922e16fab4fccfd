package io.simrt.api;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting on a future where a caller's thread meets asynchronous work: the one place that turns the ways a wait can
 * end into the {@link SimrtException} family. A {@code SimrtException} the work failed with is thrown as it is;
 * anything else is wrapped in one naming what was awaited. Waiting never cancels the future: callers that own the
 * work cancel it themselves (in a {@code finally}, say).
 */
public final class Futures {
    private Futures() {}

    /**
     * Waits for {@code future} without a time limit.
     *
     * @param what what the future stands for, for messages ("batch 3", "likelihood of 10000 models")
     * @throws SimrtException when the work failed, was cancelled, or the thread was interrupted (its interrupt flag is
     *                        set again)
     */
    public static <T> T await(Future<T> future, String what) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimrtException("interrupted while waiting for " + what, e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw failure(e, what);
        }
    }

    /**
     * Waits for {@code future} at most {@code timeout}.
     *
     * @throws SimrtTimeoutException when the time runs out, or when the work itself ended in a timeout
     * @throws SimrtException        as {@link #await(Future, String)}
     */
    public static <T> T await(Future<T> future, String what, Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SimrtTimeoutException(what, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimrtException("interrupted while waiting for " + what, e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            SimrtException f = failure(e, what);
            throw f.getCause() instanceof TimeoutException ? new SimrtTimeoutException(what, timeout) : f;
        }
    }

    /**
     * What a failed future reports, as a {@link SimrtException}: the cause inside {@link ExecutionException} or
     * {@link CompletionException} wrappers if it is one, "was cancelled" for a {@link CancellationException},
     * otherwise the cause wrapped with {@code what}.
     */
    public static SimrtException failure(Throwable error, String what) {
        Throwable c = cause(error);
        if (c instanceof SimrtException s) {
            return s;
        }
        if (c instanceof CancellationException) {
            return new SimrtException(what + " was cancelled", c);
        }
        return new SimrtException(what + " failed: " + c, c);
    }

    /** {@code error} without its {@link ExecutionException} and {@link CompletionException} wrappers. */
    public static Throwable cause(Throwable error) {
        Throwable c = error;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
