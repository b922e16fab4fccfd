package io.simrt.runtime.view;

import io.simrt.api.CompositeException;
import io.simrt.api.Futures;
import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import io.simrt.api.SimrtTimeoutException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What every asynchronous result offers: state, progress in items, timing, per-engine metadata, abort. */
abstract sealed class AsyncBase permits AsyncResult, AsyncMap {
    final Submission s;
    final long requestId;

    AsyncBase(Submission s, long requestId) {
        this.s = s;
        this.requestId = requestId;
    }

    /** Ids of the messages this result waits for: {@code request/shard}. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < s.sizes.length; i++) {
            ids.add(requestId + "/" + i);
        }
        return ids;
    }

    /** Whether every item has arrived or the request has failed. */
    public boolean ready() {
        return s.done.isDone();
    }

    /**
     * Whether the request ended without failure (an item whose user code threw still counts as an ended request;
     * such items raise on {@code get}).
     *
     * @throws IllegalStateException if not ready
     */
    public boolean successful() {
        if (!ready()) {
            throw new IllegalStateException("not ready: " + progress() + " of " + total() + " items done");
        }
        return !s.done.isCompletedExceptionally() && failures().isEmpty();
    }

    /** Items done (tasks or map inputs), not messages. */
    public int progress() {
        return s.progress();
    }

    public int total() {
        return s.total;
    }

    /** Since submission; the wall time once done. */
    public Duration elapsed() {
        long end = ready() && s.completedNanos != 0 ? s.completedNanos : System.nanoTime();
        return Duration.ofNanos(end - s.submittedNanos);
    }

    /** Submission to completion. @throws IllegalStateException if not ready */
    public Duration wallTime() {
        if (!ready()) {
            throw new IllegalStateException("not ready");
        }
        return Duration.ofNanos(s.completedNanos - s.submittedNanos);
    }

    /** Engine time summed over the shards that have arrived. */
    public Duration serialTime() {
        long n = 0;
        for (int i = 0; i < s.sizes.length; i++) {
            if (s.arrived(i)) {
                n += s.nanos(i);
            }
        }
        return Duration.ofNanos(n);
    }

    /** Per engine: shards, items and compute time, for the shards that have arrived. */
    public Map<String, EngineMetadata> metadata() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Long> time = new LinkedHashMap<>();
        for (int i = 0; i < s.sizes.length; i++) {
            if (s.arrived(i)) {
                int[] c = counts.computeIfAbsent(s.engine(i), e -> new int[2]);
                c[0]++;
                c[1] += s.sizes[i];
                time.merge(s.engine(i), s.nanos(i), Long::sum);
            }
        }
        Map<String, EngineMetadata> out = new LinkedHashMap<>();
        counts.forEach((e, c) -> out.put(e, new EngineMetadata(e, c[0], c[1], Duration.ofNanos(time.get(e)))));
        return out;
    }

    /**
     * Withdraws what has not run: queued shards are dropped, running ones interrupted (user code that ignores
     * interrupts runs to its end, its answer discarded).
     *
     * @return false if the result was already complete
     */
    public boolean abort() {
        CompletableFuture<?> r = s.request;
        return r != null && !r.isDone() && r.cancel(true);
    }

    /** Waits for the request to end (failures are not thrown here). */
    public boolean await(Duration timeout) {
        try {
            s.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimrtException("interrupted while waiting for " + s.what, e);
        }
    }

    /**
     * Waits until done, redrawing a progress bar on {@code out} every {@code interval} (IPython's
     * {@code wait_interactive}): {@code [=====>      ]  420/1000 tasks  3 s}.
     */
    public void waitWithProgress(PrintStream out, Duration interval) {
        while (!await(interval)) {
            out.print("\r" + bar());
            out.flush();
        }
        out.println("\r" + bar() + (s.done.isCompletedExceptionally() ? "  failed" : "  done"));
        out.flush();
    }

    private String bar() {
        int width = 30;
        int filled = total() == 0 ? width : (int) ((long) width * progress() / total());
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < width; i++) {
            b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return b.append(String.format(
                        Locale.ROOT,
                        "] %4d/%d tasks %4d s",
                        progress(),
                        total(),
                        elapsed().toSeconds()))
                .toString();
    }

    /** Blocks until done or the timeout; rethrows a request-level failure. */
    void join(Duration timeout) {
        if (timeout == null) {
            Futures.await(s.done, s.what);
            return;
        }
        try {
            Futures.await(s.done, s.what, timeout);
        } catch (SimrtTimeoutException e) {
            throw new SimrtTimeoutException(s.what + " (" + progress() + " of " + total() + " items done)", timeout);
        }
    }

    /** Every item in input order: values or {@link RemoteException}s. Requires done. */
    List<Object> all() {
        List<Object> out = new ArrayList<>(s.total);
        for (int shard = 0; shard < s.sizes.length; shard++) {
            for (int i = 0; i < s.sizes[shard]; i++) {
                out.add(s.item(shard, i));
            }
        }
        return out;
    }

    List<RemoteException> failures() {
        List<RemoteException> out = new ArrayList<>();
        for (int shard = 0; shard < s.sizes.length; shard++) {
            if (s.arrived(shard)) {
                for (int i = 0; i < s.sizes[shard]; i++) {
                    if (s.item(shard, i) instanceof RemoteException r) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    /** Throws the user-code failures among {@code values}: one as itself, several as a composite. */
    void raise(List<Object> values) {
        List<RemoteException> failed = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof RemoteException r) {
                failed.add(r);
            }
        }
        if (failed.size() == 1) {
            throw failed.get(0);
        }
        if (!failed.isEmpty()) {
            throw new CompositeException(s.what, failed);
        }
    }
}
