package io.simrt.runtime.view;

import io.simrt.api.CompositeException;
import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Many values on their way: a task on several engines (in target order) or a map (in input order). Iterate it to
 * take values as they arrive: in order (each as soon as it and all before it are here, a reorder buffer) or, with
 * {@link #unordered()}, as they come.
 */
public final class AsyncMap<R> extends AsyncBase implements Iterable<R> {
    AsyncMap(Submission s, long requestId) {
        super(s, requestId);
    }

    /** Waits for every value; user-code failures are thrown (one as itself, several as a {@link CompositeException}). */
    public List<R> get() {
        return get(null);
    }

    /** @throws io.simrt.api.SimrtTimeoutException if not all there within {@code timeout} */
    @SuppressWarnings("unchecked")
    public List<R> get(Duration timeout) {
        join(timeout);
        List<Object> values = all();
        raise(values);
        return (List<R>) (List<?>) values;
    }

    /** Every value, with the {@link RemoteException} of each failed one in its place (return-exceptions mode). */
    public List<Object> getWithExceptions() {
        join(null);
        return all();
    }

    /** In input order, each value as soon as it and all earlier ones are here; a failed one throws when reached. */
    @Override
    public Iterator<R> iterator() {
        return new Iterator<>() {
            private int shard;
            private int i;

            @Override
            public boolean hasNext() {
                while (shard < s.sizes.length && i >= s.sizes[shard]) {
                    shard++;
                    i = 0;
                }
                return shard < s.sizes.length;
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                awaitShard(shard);
                return value(s.item(shard, i++));
            }
        };
    }

    /** Values as they arrive, whatever their position. Each iterator starts from the first arrival. */
    public Iterable<R> unordered() {
        return () -> new Iterator<>() {
            private int shard = -1;
            private int i;
            private int position;

            @Override
            public boolean hasNext() {
                return (shard >= 0 && i < s.sizes[shard]) || position < s.sizes.length;
            }

            @Override
            public R next() {
                while (shard < 0 || i >= s.sizes[shard]) {
                    if (position >= s.sizes.length) {
                        throw new NoSuchElementException();
                    }
                    int next;
                    try {
                        next = s.arrival(position);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SimrtException("interrupted while waiting for " + s.what, e);
                    }
                    if (next < 0) {
                        join(null); // throws the request's failure
                        throw new SimrtException(s.what + " ended before all its values arrived");
                    }
                    shard = next;
                    i = 0;
                    position++;
                }
                return value(s.item(shard, i++));
            }
        };
    }

    private void awaitShard(int shard) {
        try {
            if (!s.awaitShard(shard)) {
                join(null); // throws the request's failure
                throw new SimrtException(s.what + " ended without shard " + shard);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimrtException("interrupted while waiting for " + s.what, e);
        }
    }

    @SuppressWarnings("unchecked")
    private R value(Object v) {
        if (v instanceof RemoteException r) {
            throw r;
        }
        return (R) v;
    }
}
