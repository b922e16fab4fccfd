package io.simrt.runtime.view;

import io.simrt.api.SimrtException;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.Work;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A lazy, bounded, streaming map: reads inputs only as results are taken, keeps at most {@code maxOutstanding}
 * chunks in flight, and yields results in input order (a reorder buffer: a result leaves as soon as it and every
 * earlier one are in) or as they come. A failure in user code is thrown at its place; nothing waits for the
 * whole input (deepdish's ordered imap waited for every result before yielding the first).
 */
final class StreamingMap<R> implements Iterator<R> {
    private final Requests requests;
    private final TaskEnvelope fn;
    private final Iterator<?> inputs;
    private final int chunk;
    private final int maxOutstanding;
    private final boolean ordered;
    private final boolean star;
    private final ArrayDeque<AsyncMap<R>> inFlight = new ArrayDeque<>();
    private final LinkedBlockingQueue<AsyncMap<R>> completed = new LinkedBlockingQueue<>();
    private int outstanding;
    private Iterator<R> current;

    StreamingMap(
            Requests requests,
            TaskEnvelope fn,
            Iterator<?> inputs,
            int chunkSize,
            int maxOutstanding,
            boolean ordered,
            boolean star) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize = " + chunkSize + ": must be > 0");
        }
        this.requests = requests;
        this.fn = fn;
        this.inputs = inputs;
        this.chunk = chunkSize;
        this.maxOutstanding = maxOutstanding > 0
                ? maxOutstanding
                : Math.max(2, 2 * requests.backend().engineIds().size());
        this.ordered = ordered;
        this.star = star;
    }

    private void fill() {
        while (outstanding < maxOutstanding && inputs.hasNext()) {
            List<Object> batch = new ArrayList<>(chunk);
            while (batch.size() < chunk && inputs.hasNext()) {
                batch.add(inputs.next());
            }
            Submission s = requests.send(
                    "imap " + fn.className(),
                    List.of(new Work.MapChunk(fn, requests.encodeAll(batch), star)),
                    new int[] {batch.size()},
                    List.of());
            AsyncMap<R> result = new AsyncMap<>(s, requests.nextId());
            if (!ordered) {
                s.done.whenComplete((v, e) -> completed.add(result));
            }
            inFlight.addLast(result);
            outstanding++;
        }
    }

    @Override
    public boolean hasNext() {
        if (current != null && current.hasNext()) {
            return true;
        }
        fill();
        return outstanding > 0;
    }

    @Override
    public R next() {
        while (current == null || !current.hasNext()) {
            fill();
            if (outstanding == 0) {
                throw new NoSuchElementException();
            }
            AsyncMap<R> next;
            if (ordered) {
                next = inFlight.removeFirst();
            } else {
                try {
                    next = completed.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SimrtException("interrupted while waiting for imap results", e);
                }
                inFlight.remove(next);
            }
            outstanding--;
            current = next.iterator();
            fill(); // keep the engines busy while the caller consumes this chunk
        }
        return current.next();
    }
}
