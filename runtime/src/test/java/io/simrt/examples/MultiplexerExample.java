package io.simrt.examples;

import com.typesafe.config.Config;
import io.simrt.api.EngineContext;
import io.simrt.api.RemoteException;
import io.simrt.api.Task;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.view.DirectView;
import io.simrt.runtime.view.EngineView;
import io.simrt.runtime.view.Engines;
import java.util.List;
import java.util.Map;

/**
 * The notebook's "DirectView as multiplexer", in simrt's Java API: a client and its engines, views by id, index,
 * list, range, slice and all, apply on one engine and on many, push, pull, execute and clear. Shown in
 * {@code docs/multiplexer.md}.
 */
public final class MultiplexerExample {
    private MultiplexerExample() {}

    // tag::tasks[]
    /** The id of the engine it runs on (the notebook's {@code os.getpid}). */
    public record WhoAmI() implements Task<String> {
        @Override
        public String run(EngineContext engine) {
            return engine.engineId();
        }
    }

    /** Adds one to the integer {@code name} in the engine's namespace and returns the new value. */
    public record Increment(String name) implements Task<Integer> {
        @Override
        public Integer run(EngineContext engine) {
            return (Integer) engine.namespace().merge(name, 1, (a, b) -> (Integer) a + (Integer) b);
        }
    }
    // end::tasks[]

    /** What the walk saw, for the test to check against what the guide says. */
    record Walk(
            List<String> ids,
            String one,
            List<String> everyone,
            List<String> even,
            List<String> odd,
            List<String> range,
            List<String> byId,
            List<String> listOfOne,
            List<Object> pulled,
            Object pulledFromOne,
            List<Integer> incremented,
            List<Object> afterExecute,
            String missingOn,
            String missingMessage) {}

    /** Starts three local engines with {@code overrides} (the tests serialize every message), walks, stops. */
    static Walk run(Config overrides) {
        // tag::client[]
        try (RuntimeClient client = RuntimeClient.local(3, 1, overrides);
                Engines engines = Engines.of(client)) {
            List<String> ids = engines.ids(); // [local/e0, local/e1, local/e2]
            return walk(engines, ids); // sections 1 and 2 of the guide
        }
        // end::client[]
    }

    private static Walk walk(Engines engines, List<String> ids) {
        // tag::views[]
        EngineView e0 = engines.view(0); // rc[0]; view(-1) is the last engine
        DirectView all = engines.all(); // rc[:], re-read at every call
        DirectView even = engines.slice(0, Integer.MAX_VALUE, 2); // rc[::2]
        DirectView odd = engines.slice(1, Integer.MAX_VALUE, 2); // rc[1::2]
        DirectView firstTwo = engines.range(0, 2); // rc[0:2]
        DirectView lastThenFirst = engines.view(List.of(ids.get(2), ids.get(0))); // rc[[2, 0]]
        DirectView justOne = engines.view(List.of(ids.get(1))); // a list of one: results stay lists
        // end::views[]

        // tag::apply[]
        String one = e0.apply(new WhoAmI()); // "local/e0": one engine, one value
        List<String> everyone = all.apply(new WhoAmI()); // [local/e0, local/e1, local/e2]
        List<String> evens = even.apply(new WhoAmI()); // [local/e0, local/e2]
        List<String> odds = odd.apply(new WhoAmI()); // [local/e1]
        List<String> two = firstTwo.apply(new WhoAmI()); // [local/e0, local/e1]
        List<String> byId = lastThenFirst.apply(new WhoAmI()); // [local/e2, local/e0]: target order
        List<String> listOfOne = justOne.apply(new WhoAmI()); // [local/e1]
        // end::apply[]

        // tag::push-pull[]
        all.push(Map.of("a", 5)); // engines['a'] = 5
        List<Object> as = all.pull("a"); // engines['a'] -> [5, 5, 5]
        Object a0 = e0.pull("a"); // 5
        List<Integer> bumped = all.apply(new Increment("a")); // [6, 6, 6]
        e0.execute(new Increment("a")); // only engine 0: a = 7 there
        List<Object> after = all.pull("a"); // [7, 6, 6]
        // end::push-pull[]

        // tag::clear[]
        all.clear(); // every namespace is empty again
        String missingOn = null;
        String message = null;
        try {
            e0.pull("a");
        } catch (RemoteException e) {
            missingOn = e.engineId(); // "local/e0"
            message = e.remoteMessage(); // "name 'a' is not defined on engine local/e0"
        }
        // end::clear[]
        return new Walk(
                ids, one, everyone, evens, odds, two, byId, listOfOne, as, a0, bumped, after, missingOn, message);
    }
}
