package io.simrt.inference.abc;

import io.simrt.client.BatchOutput;
import io.simrt.client.BatchRequest;
import io.simrt.client.BatchSimulator;
import io.simrt.client.SimrtException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;

/**
 * ELFI's batch handler and {@code iterate()} loop: batches are submitted in index order with at most
 * {@code maxInFlight} pending, are consumed strictly in index order (a fast batch k+1 waits for k), and no
 * batch is submitted while the next one in order is already done. Because a batch's randomness depends only
 * on its request, what is consumed does not depend on how many ran at once or where.
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
     * Submits while fewer than {@code maxInFlight} are pending, fewer than {@code wanted} batches are
     * consumed-or-pending ({@code consumed + pending < wanted}), and the oldest pending batch is not done yet;
     * then waits for the oldest and returns it.
     *
     * @param consumed how many batches the caller has consumed so far (in this objective)
     * @param wanted   the current objective in batches
     * @param prepare  builds the request for a batch index (proposals are drawn here, in index order)
     */
    BatchOutput next(long consumed, long wanted, LongFunction<BatchRequest> prepare) {
        while (pending.size() < maxInFlight && wanted > consumed + pending.size() && !headDone()) {
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

    private boolean headDone() {
        return !pending.isEmpty() && pending.peekFirst().future().isDone();
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
