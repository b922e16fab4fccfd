package io.simrt.inference.abc;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.Futures;
import io.simrt.api.RemoteException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
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
    private final BatchJournal journal;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long nextIndex;

    /** A batch submitted ({@code future}) or found in the journal ({@code stored}, future null). */
    private record Pending(long index, CompletableFuture<BatchOutput> future, BatchRecord stored) {
        void cancel() {
            if (future != null) {
                future.cancel(true);
            }
        }
    }

    /** What {@link #next} hands back: a batch just simulated, or one merged from its record. */
    record Arrival(BatchOutput output, BatchRecord stored) {}

    BatchPipeline(BatchSimulator simulator, int maxInFlight) {
        this(simulator, maxInFlight, BatchJournal.NONE);
    }

    BatchPipeline(BatchSimulator simulator, int maxInFlight, BatchJournal journal) {
        this.simulator = simulator;
        this.maxInFlight = maxInFlight;
        this.journal = journal;
    }

    /**
     * Submits while fewer than {@code maxInFlight} are pending and fewer than {@code wanted} batches are
     * consumed-or-pending ({@code consumed + pending < wanted}); then waits for the oldest and returns it. A batch the
     * journal holds is not submitted (its request is still prepared, so that proposals are drawn in index order)
     * and comes back as its record.
     *
     * @param consumed how many batches the caller has consumed so far (in this objective)
     * @param wanted   the current objective in batches
     * @param prepare  builds the request for a batch index (proposals are drawn here, in index order)
     * @throws io.simrt.api.SimrtException if the batch failed (a {@code SimrtException} it failed with is thrown as
     *                                     it is), was cancelled, or the wait was interrupted; every pending batch is
     *                                     cancelled first
     */
    Arrival next(long consumed, long wanted, LongFunction<BatchRequest> prepare) {
        while (pending.size() < maxInFlight && wanted > consumed + pending.size()) {
            pending.addLast(submit(nextIndex++, prepare));
        }
        if (pending.isEmpty()) {
            // wanted <= consumed: the caller should have stopped; submit one anyway to make progress.
            pending.addLast(submit(nextIndex++, prepare));
        }
        Pending head = pending.removeFirst();
        if (head.stored() != null) {
            return new Arrival(null, head.stored());
        }
        try {
            return new Arrival(Futures.await(head.future(), "batch " + head.index()), null);
        } catch (RemoteException e) {
            // the model threw: say in which batch (the engine and the row are in the message already)
            head.future().cancel(true);
            cancelPending();
            throw new RemoteException(
                    e.engineId(), e.remoteClass(), "in batch " + head.index() + ": " + e.remoteMessage(), e);
        } catch (RuntimeException | Error e) {
            // Whatever ended the wait, no batch of this run is wanted any more; the awaited one is cancelled too,
            // which matters after an interrupt, when it may still be running.
            head.future().cancel(true);
            cancelPending();
            throw e;
        }
    }

    private Pending submit(long index, LongFunction<BatchRequest> prepare) {
        BatchRequest request = prepare.apply(index).withSummaries(journal.keepsSimulations());
        var stored = journal.stored(index);
        if (stored.isPresent()) {
            return new Pending(index, null, stored.get());
        }
        return new Pending(index, simulator.submit(request), null);
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
            pending.removeLast().cancel();
        }
        nextIndex = lowest;
    }
}
