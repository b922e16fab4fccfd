package io.simrt.runtime.view;

import io.simrt.api.Fn;
import io.simrt.api.Task;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A view on one engine: the same operations as {@link DirectView}, with single values instead of lists. */
public final class EngineView {
    private final DirectView view;
    private final String engineId;

    EngineView(Requests requests, String engineId) {
        this.view = new DirectView(requests, () -> List.of(engineId));
        this.engineId = engineId;
    }

    public String engineId() {
        return engineId;
    }

    public <R> R apply(Task<R> task) {
        return view.apply(task).get(0);
    }

    public <R> AsyncResult<R> applyAsync(Task<R> task) {
        return view.applyOneAsync(task);
    }

    public void execute(Task<?> task) {
        view.execute(task);
    }

    /** All inputs on this engine, in order. */
    public <T, R> List<R> map(Fn<T, R> fn, List<T> inputs) {
        return view.map(fn, inputs);
    }

    public void push(Map<String, ?> values) {
        view.push(values);
    }

    public Object pull(String name) {
        return view.pull(name).get(0);
    }

    public List<Object> pull(Collection<String> names) {
        return view.pull(names).get(0);
    }

    public void clear() {
        view.clear();
    }

    public void purge() {
        view.purge();
    }

    @Override
    public String toString() {
        return "EngineView[" + engineId + "]";
    }
}
