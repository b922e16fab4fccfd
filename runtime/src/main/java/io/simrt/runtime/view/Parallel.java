package io.simrt.runtime.view;

import io.simrt.api.Fn;
import io.simrt.api.StarFn;
import java.util.Iterator;
import java.util.List;

/**
 * deepdish's MPI map on simrt engines: {@code imap}, {@code imapUnordered}, {@code starmap},
 * {@code starmapUnordered}, each streaming results as soon as they (and, in order, all earlier ones) are ready, with
 * inputs read lazily and at most two tasks per engine outstanding. Unlike deepdish: {@code null} inputs are
 * ordinary inputs, an exception in user code reaches the caller (with the engine's id and the cause) instead of
 * hanging it, and the ordered forms do not wait for everything. Without engines it runs in the calling thread.
 */
public final class Parallel {
    private final LoadBalancedView view;
    private final int rank;

    Parallel(LoadBalancedView view, int rank) {
        this.view = view;
        this.rank = rank;
    }

    /** 0 for the driver (the only rank that calls these methods; engines serve). */
    public int rank() {
        return rank;
    }

    public <T, R> Iterator<R> imap(Fn<T, R> fn, Iterable<T> workloads) {
        return view.imap(fn, workloads.iterator(), 1, 0, true);
    }

    public <T, R> Iterator<R> imapUnordered(Fn<T, R> fn, Iterable<T> workloads) {
        return view.imap(fn, workloads.iterator(), 1, 0, false);
    }

    public <R> Iterator<R> starmap(StarFn<R> fn, Iterable<? extends List<?>> workloads) {
        return view.istarmap(fn, workloads.iterator(), 1, 0, true);
    }

    public <R> Iterator<R> starmapUnordered(StarFn<R> fn, Iterable<? extends List<?>> workloads) {
        return view.istarmap(fn, workloads.iterator(), 1, 0, false);
    }
}
