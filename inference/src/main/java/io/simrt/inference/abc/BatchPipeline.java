package io.simrt.inference.abc;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.SimrtException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;

/**
 * ELFI's batch handler and {@code iterate()} loop: batches are submitted in index order with at most
 * {@code maxInFlight} pending and are consumed strictly in index order (a fast batch k+1 waits for k). Because a
 * batch's randomness depends only on its request, what is consumed does not depend on how many ran at once or
 * where.
 *
 * <p>One departure from ELFI: ELFI submits nothing while the next batch in order is already done (its native
 * client computes lazily, so a done batch means nothing is running). Here the window is always topped up before
 * waiting, so engines never idle between batches; with the native client, which computes inside
 * {@code submit}, the behaviour is the same as ELFI's.
 *
 * <p>Not thread-safe: one inference thread drives it.
 */
final class BatchPipeline {
    private final BatchSimulator simulator;
    private final int maxInFlight;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long nextIndex;

    private record Pending(long index, CompletableFuture<BatchOutput> future) { }

    BatchPipeline(BatchSimulator simulator, int maxInFlight) {
        this.simulator = simulator;
        this.maxInFlight = maxInFlight;
    }

    /** Index the next submitted batch will get. */
    long nextIndex() {
        return nextIndex;
    }

    int pendingCount() {
        return pending.size();
    }

    /**
     * Submits while fewer than {@code maxInFlight} are pending and fewer than {@code wanted} batches are
     * consumed-or-pending ({@code consumed + pending < wanted}); then waits for the oldest and returns it.
     *
     * @param consumed how many batches the caller has consumed so far (in this objective)
     * @param wanted   the current objective in batches
     * @param prepare  builds the request for a batch index (proposals are drawn here, in index order)
     */
    BatchOutput next(long consumed, long wanted, LongFunction<BatchRequest> prepare) {
        while (pending.size() < maxInFlight && wanted > consumed + pending.size()) {
            long index = nextIndex++;
            pending.addLast(new Pending(index, simulator.submit(prepare.apply(index))));
        }
        if (pending.isEmpty()) {
            // wanted <= consumed: the caller should have stopped; submit one anyway to make progress.
            long index = nextIndex++;
            pending.addLast(new Pending(index, simulator.submit(prepare.apply(index))));
        }
        Pending head = pending.removeFirst();
        try {
            return head.future().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelPending();
            throw new SimrtException("interrupted while waiting for batch " + head.index(), e);
        } catch (ExecutionException | CompletionException e) {
            cancelPending();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof SimrtException s) {
                throw s;
            }
            throw new SimrtException("batch " + head.index() + " failed: " + cause, cause);
        } catch (CancellationException e) {
            cancelPending();
            throw new SimrtException("batch " + head.index() + " was cancelled", e);
        }
    }

    /**
     * Cancels every pending batch and rewinds the next index to the lowest cancelled one (ELFI's
     * {@code cancel_pending}), so the next objective reuses those indices.
     */
    void cancelPending() {
        if (pending.isEmpty()) {
            return;
        }
        long lowest = pending.peekFirst().index();
        while (!pending.isEmpty()) {
            pending.removeLast().future().cancel(true);
        }
        nextIndex = lowest;
    }
}
