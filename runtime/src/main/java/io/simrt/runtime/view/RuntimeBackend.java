package io.simrt.runtime.view;

import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.coordinator.Coordinator;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.TaskCodec;
import io.simrt.runtime.protocol.ValueCodec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Views over the engines a {@link RuntimeClient}'s coordinator owns. */
final class RuntimeBackend implements Backend {
    /** Node address, then engine number: {@code host:port/e2} before {@code host:port/e10}. */
    static final Comparator<String> ENGINE_ORDER = Comparator.comparing(
                    (String id) -> id.substring(0, Math.max(0, id.lastIndexOf('/'))))
            .thenComparingInt(id -> {
                String tail = id.substring(id.lastIndexOf('/') + 1);
                try {
                    return Integer.parseInt(tail.startsWith("e") ? tail.substring(1) : tail);
                } catch (NumberFormatException e) {
                    return Integer.MAX_VALUE;
                }
            })
            .thenComparing(Comparator.naturalOrder());

    private final RuntimeClient client;
    private final ValueCodec values;
    private final TaskCodec tasks;

    RuntimeBackend(RuntimeClient client) {
        this.client = client;
        AllowedClasses allowed = AllowedClasses.of(client.settings().engine().allowedPackages());
        this.values = new ValueCodec(allowed);
        this.tasks = new TaskCodec(allowed);
    }

    @Override
    public List<String> engineIds() {
        List<String> ids = new ArrayList<>();
        for (Coordinator.EngineInfo e : client.engineList().owned()) {
            ids.add(e.engineId());
        }
        ids.sort(ENGINE_ORDER);
        return ids;
    }

    @Override
    public <R> CompletableFuture<R> submit(Plan<R> plan) {
        return client.submit(plan);
    }

    @Override
    public void purge() {
        client.purge();
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
    public void close() {
        // the client belongs to the caller
    }
}
