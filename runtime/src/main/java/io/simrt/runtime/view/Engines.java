package io.simrt.runtime.view;

import io.simrt.api.Client;
import io.simrt.api.SimrtException;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.protocol.AllowedClasses;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller's handle on a client's engines, in the spirit of IPython's {@code Client}: their ids, direct views
 * on one, several or all of them, a load-balanced view, and deepdish's streaming maps. From a native client it
 * offers one engine in the calling thread (the serial fallback), so a program runs unchanged without a cluster.
 *
 * <p>Closing the handle forgets the native engine's namespace; it does not close the client.
 */
public final class Engines implements AutoCloseable {
    private final Requests requests;

    private Engines(Backend backend) {
        this.requests = new Requests(backend);
    }

    /** Engines of a local or cluster client; for any other client, one engine in the calling thread. */
    public static Engines of(Client client) {
        if (client instanceof RuntimeClient rc) {
            return new Engines(new RuntimeBackend(rc));
        }
        return new Engines(new NativeBackend(
                AllowedClasses.of(SimrtSettings.load().engine().allowedPackages())));
    }

    /** Engine ids now, in a stable order (index {@code i} of {@link #view(int)}). */
    public List<String> ids() {
        return requests.backend().engineIds();
    }

    /** One engine by id. */
    public EngineView view(String id) {
        if (!ids().contains(id)) {
            throw new SimrtException("no engine " + id + "; engines: " + ids());
        }
        return new EngineView(requests, id);
    }

    /** One engine by index; negative counts from the end ({@code -1}: the last). */
    public EngineView view(int index) {
        List<String> ids = ids();
        int i = index < 0 ? ids.size() + index : index;
        if (i < 0 || i >= ids.size()) {
            throw new IndexOutOfBoundsException("engine index " + index + " outside the " + ids.size() + " engines");
        }
        return new EngineView(requests, ids.get(i));
    }

    /** Several engines by id, in the given order (even one: results stay lists). */
    public DirectView view(List<String> engineIds) {
        List<String> known = ids();
        for (String id : engineIds) {
            if (!known.contains(id)) {
                throw new SimrtException("no engine " + id + "; engines: " + known);
            }
        }
        List<String> fixed = List.copyOf(engineIds);
        return new DirectView(requests, () -> fixed);
    }

    /** Engines {@code [from, to)} by index. */
    public DirectView range(int from, int to) {
        return slice(from, to, 1);
    }

    /** Python's {@code ids[start:stop:step]} (negative start and stop count from the end; step > 0). */
    public DirectView slice(int start, int stop, int step) {
        if (step <= 0) {
            throw new IllegalArgumentException("step = " + step + ": must be > 0");
        }
        List<String> ids = ids();
        int n = ids.size();
        int a = Math.max(0, Math.min(n, start < 0 ? n + start : start));
        int b = Math.max(0, Math.min(n, stop < 0 ? n + stop : stop));
        List<String> chosen = new ArrayList<>();
        for (int i = a; i < b; i += step) {
            chosen.add(ids.get(i));
        }
        List<String> fixed = List.copyOf(chosen);
        return new DirectView(requests, () -> fixed);
    }

    /** Every engine, re-read at each call (engines that join later are included). */
    public DirectView all() {
        return new DirectView(requests, this::ids);
    }

    public LoadBalancedView loadBalanced() {
        return new LoadBalancedView(requests);
    }

    /** deepdish's {@code imap}, {@code starmap} and their unordered forms over these engines. */
    public Parallel parallel() {
        return new Parallel(new LoadBalancedView(requests), 0);
    }

    @Override
    public void close() {
        requests.backend().close();
    }
}
