package io.simrt.runtime.view;

import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.protocol.TaskCodec;
import io.simrt.runtime.protocol.ValueCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where view requests run: the engines of a runtime client, or this thread (the serial fallback). */
interface Backend extends AutoCloseable {
    /** The engines work can target now, in a stable order. */
    List<String> engineIds();

    /** Runs a plan; shards report to the plan's listener as they complete. */
    <R> CompletableFuture<R> submit(Plan<R> plan);

    /** Engines drop installed models and their namespaces. */
    void purge();

    ValueCodec values();

    TaskCodec tasks();

    @Override
    void close();
}
