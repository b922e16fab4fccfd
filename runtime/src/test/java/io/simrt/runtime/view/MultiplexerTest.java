package io.simrt.runtime.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.CompositeException;
import io.simrt.api.NativeClient;
import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import io.simrt.runtime.OnLocalEngines;
import io.simrt.runtime.testtasks.Tasks;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Direct views (IPython's multiplexer) over four local engines, every message serialized as if remote. */
class MultiplexerTest extends OnLocalEngines {
    MultiplexerTest() {
        super(4);
    }

    @Test
    void viewsByIdIndexListRangeSliceAndAll() {
        List<String> ids = engines.ids();
        assertEquals(4, ids.size());
        assertEquals(ids, engines.all().apply(new Tasks.WhoAmI()), "a list view answers in target order");
        assertEquals(ids.get(2), engines.view(2).apply(new Tasks.WhoAmI()), "a single view answers one value");
        assertEquals(ids.get(3), engines.view(-1).apply(new Tasks.WhoAmI()));
        assertEquals(ids.get(1), engines.view(ids.get(1)).apply(new Tasks.WhoAmI()));
        assertEquals(
                List.of(ids.get(3), ids.get(0)),
                engines.view(List.of(ids.get(3), ids.get(0))).apply(new Tasks.WhoAmI()));
        assertEquals(
                List.of(ids.get(1)),
                engines.view(List.of(ids.get(1))).apply(new Tasks.WhoAmI()),
                "a list of one is still a list");
        assertEquals(ids.subList(1, 3), engines.range(1, 3).apply(new Tasks.WhoAmI()));
        assertEquals(List.of(ids.get(0), ids.get(2)), engines.slice(0, 4, 2).apply(new Tasks.WhoAmI()));
        assertThrows(IndexOutOfBoundsException.class, () -> engines.view(4));
        assertThrows(SimrtException.class, () -> engines.view("nosuch/e0"));
    }

    @Test
    void mapIsOneShardPerEngineInInputOrder() {
        List<Integer> in = IntStream.range(0, 10).boxed().toList();
        AsyncMap<Integer> r = engines.all().mapAsync(new Tasks.Square(), in);
        assertEquals(in.stream().map(x -> x * x).toList(), r.get());
        assertEquals(4, r.ids().size(), "10 items on 4 engines: 4 messages (3, 3, 2, 2)");
        assertEquals(
                Map.of(3, 2, 2, 2),
                r.metadata().values().stream()
                        .collect(Collectors.groupingBy(EngineMetadata::items, Collectors.summingInt(m -> 1))));
        assertEquals(List.of(), engines.all().map(new Tasks.Square(), List.of()));
        assertEquals(List.of(4), engines.all().map(new Tasks.Square(), List.of(2)), "3 engines get nothing");
    }

    @Test
    void scatterAndGather() {
        var all = engines.all();
        all.scatter("a", IntStream.range(0, 16).boxed().toList());
        assertEquals(
                List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9, 10, 11), List.of(12, 13, 14, 15)),
                all.pull("a"));
        assertEquals(IntStream.range(0, 16).boxed().toList(), all.gather("a"), "lists are flattened");

        all.scatter("id", List.of(0, 1, 2, 3), true);
        assertEquals(List.of(0, 1, 2, 3), all.pull("id"), "flatten: each engine holds a scalar");
        all.scatter("id", List.of(0, 1, 2, 3), false);
        assertEquals(List.of(List.of(0), List.of(1), List.of(2), List.of(3)), all.pull("id"));
        all.scatter("few", List.of(7, 8, 9));
        assertEquals(List.of(List.of(7), List.of(8), List.of(9), List.of()), all.pull("few"), "3 over 4: 1,1,1,0");

        double[] x = IntStream.range(0, 1001).asDoubleStream().toArray();
        all.scatter("x", x);
        assertArrayEquals(x, (double[]) all.gather("x"), 0.0, "arrays are concatenated");
        // 1001 values over 4 engines: 0..250, 251..500, 501..750, 751..1000
        assertEquals(List.of(31375.0, 93875.0, 156375.0, 218875.0), all.apply(new Tasks.SumOfArray("x")));
    }

    @Test
    void pushPullExecuteAndClear() {
        var all = engines.all();
        all.push(Map.of("a", 5, "b", "text", "c", List.of(1.5, 2.5)));
        assertEquals(List.of(5, 5, 5, 5), all.pull("a"));
        assertEquals(List.of("text", List.of(1.5, 2.5)), engines.view(0).pull(List.of("b", "c")));
        engines.view(1).execute(new Tasks.Define("only1", 42));
        assertEquals(42, engines.view(1).pull("only1"));
        RemoteException missing =
                assertThrows(RemoteException.class, () -> engines.view(0).pull("only1"));
        assertEquals(engines.ids().get(0), missing.engineId());
        assertTrue(
                missing.getMessage()
                        .contains("name 'only1' is not defined on engine "
                                + engines.ids().get(0)),
                missing.getMessage());
        all.clear();
        assertThrows(RemoteException.class, () -> engines.view(1).pull("a"));
    }

    @Test
    void purgeFreesNamespacesAndReportsIt() {
        engines.all().push(Map.of("big", new double[1000]));
        var report = client.purge();
        assertTrue(report.engines().stream().mapToInt(p -> p.names()).sum() >= 4, report.toString());
        assertThrows(RemoteException.class, () -> engines.view(0).pull("big"));
    }

    @Test
    void userCodeFailuresCarryEngineAndCause() {
        RemoteException one =
                assertThrows(RemoteException.class, () -> engines.view(2).apply(new Tasks.Explode("kaboom")));
        assertEquals(engines.ids().get(2), one.engineId());
        assertEquals("java.io.IOException", one.remoteClass());
        assertEquals("kaboom", one.remoteMessage());
        CompositeException all =
                assertThrows(CompositeException.class, () -> engines.all().apply(new Tasks.Explode("everywhere")));
        assertEquals(4, all.failures().size());
        assertEquals(
                engines.ids(),
                all.failures().stream().map(RemoteException::engineId).toList());
        // return-exceptions mode: values and failures in place
        List<Object> mixed =
                engines.all().mapAsync(new Tasks.FailOn(3), List.of(1, 2, 3, 4)).getWithExceptions();
        assertEquals(1, mixed.get(0));
        assertInstanceOf(RemoteException.class, mixed.get(2));
        assertEquals(4, mixed.get(3));
    }

    @Test
    void theSerialFallbackBehavesTheSame() {
        try (Engines local = Engines.of(NativeClient.create())) {
            assertEquals(List.of("native"), local.ids());
            assertEquals(List.of(0, 1, 4, 9), local.all().map(new Tasks.Square(), List.of(0, 1, 2, 3)));
            local.all().scatter("a", List.of(1, 2, 3));
            assertEquals(List.of(1, 2, 3), local.all().gather("a"));
            assertEquals("native", local.view(0).apply(new Tasks.WhoAmI()));
            assertThrows(RemoteException.class, () -> local.view(0).pull("zzz"));
        }
    }
}
