package io.simrt.runtime.view;

import io.simrt.api.RemoteException;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.EngineScope;
import io.simrt.runtime.protocol.TaskCodec;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The serial fallback: one engine, {@value #ENGINE_ID}, in the calling thread. Shards run the same code as on
 * real engines, and values still travel through the codec, so a program behaves the same with and without a
 * cluster (deepdish's fallback without mpirun, ELFI's native client).
 */
final class NativeBackend implements Backend, EngineScope {
    static final String ENGINE_ID = "native";

    private final ValueCodec values;
    private final TaskCodec tasks;
    private final Map<String, Object> namespace = new HashMap<>();

    NativeBackend(AllowedClasses allowed) {
        this.values = new ValueCodec(allowed);
        this.tasks = new TaskCodec(allowed);
    }

    @Override
    public List<String> engineIds() {
        return List.of(ENGINE_ID);
    }

    @Override
    public synchronized <R> CompletableFuture<R> submit(Plan<R> plan) {
        try {
            List<Work> shards = plan.split().apply(1);
            List<WorkResult> results = new ArrayList<>(shards.size());
            for (int i = 0; i < shards.size(); i++) {
                long t0 = System.nanoTime();
                WorkResult r = shards.get(i).run(this);
                plan.listener().shardDone(i, ENGINE_ID, System.nanoTime() - t0, r);
                results.add(r);
            }
            return CompletableFuture.completedFuture(plan.combine().apply(results));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(RemoteException.of(ENGINE_ID, e));
        }
    }

    @Override
    public synchronized void purge() {
        namespace.clear();
    }

    @Override
    public ValueCodec values() {
        return values;
    }

    @Override
    public TaskCodec tasks() {
        return tasks;
    }

    @Override
    public String engineId() {
        return ENGINE_ID;
    }

    @Override
    public <T> T model(String modelId, Class<T> type) {
        throw new ModelMissingException(modelId);
    }

    @Override
    public Map<String, Object> namespace() {
        return namespace;
    }

    @Override
    public Object task(TaskEnvelope envelope) {
        return tasks.decode(envelope, ENGINE_ID);
    }

    @Override
    public void close() {
        namespace.clear();
    }
}
