package io.simrt.runtime.view;

import io.simrt.api.RemoteException;
import java.time.Duration;

/** One value on its way: a task on one engine, or a load-balanced task. */
public final class AsyncResult<R> extends AsyncBase {
    AsyncResult(Submission s, long requestId) {
        super(s, requestId);
    }

    /** Waits and returns the value; a failure in user code is thrown as {@link io.simrt.api.RemoteException}. */
    public R get() {
        return get(null);
    }

    /** @throws io.simrt.api.SimrtTimeoutException if not ready within {@code timeout} */
    @SuppressWarnings("unchecked")
    public R get(Duration timeout) {
        join(timeout);
        Object v = s.item(0, 0);
        if (v instanceof RemoteException r) {
            throw r;
        }
        return (R) v;
    }

    /** The value, or the {@link io.simrt.api.RemoteException} user code threw, without throwing it. */
    public Object getOrException() {
        join(null);
        return s.item(0, 0);
    }
}
