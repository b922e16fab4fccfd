package io.simrt.runtime.view;

import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.Work;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Builds view requests into plans and follows them with a {@link Submission}. */
final class Requests {
    private final Backend backend;
    private final AtomicLong ids = new AtomicLong();

    Requests(Backend backend) {
        this.backend = backend;
    }

    Backend backend() {
        return backend;
    }

    /**
     * Sends {@code shards} (with their item counts) to {@code targets} (empty: load-balanced) and returns the
     * submission that collects them.
     */
    Submission send(String what, List<Work> shards, int[] items, List<String> targets) {
        Submission s = new Submission(what, backend.values(), items);
        if (shards.isEmpty()) {
            s.follow(CompletableFuture.completedFuture(null));
            return s;
        }
        List<Work> copy = List.copyOf(shards);
        Plan<Void> plan = new Plan<>(what, engines -> copy, results -> null, targets, s);
        s.follow(backend.submit(plan));
        return s;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    TaskEnvelope task(Object task) {
        return backend.tasks().encode(task);
    }

    List<Payload> encodeAll(List<?> values) {
        List<Payload> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(backend.values().encode(v));
        }
        return out;
    }

    static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }
}
