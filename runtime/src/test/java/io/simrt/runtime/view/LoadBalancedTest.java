package io.simrt.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.ClientKind;
import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import io.simrt.api.SimrtTimeoutException;
import io.simrt.runtime.OnLocalEngines;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.InJvmCluster;
import io.simrt.runtime.testtasks.Tasks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Load-balanced maps, streaming maps, deepdish's calls and asynchronous results, on two local engines. */
class LoadBalancedTest extends OnLocalEngines {
    LoadBalancedTest() {
        super(2);
    }

    @Test
    void chunksAreCutLikeIPython() {
        AsyncMap<Integer> r = engines.loadBalanced()
                .mapAsync(new Tasks.Square(), IntStream.range(0, 10).boxed().toList(), 3);
        assertEquals(IntStream.range(0, 10).map(x -> x * x).boxed().toList(), r.get());
        assertEquals(4, r.ids().size(), "10 items in chunks of 3: 4 messages of 3, 3, 2, 2");
        assertEquals(10, r.progress());
        assertEquals(10, r.total());
        AsyncMap<Integer> one = engines.loadBalanced().mapAsync(new Tasks.Square(), List.of(1, 2, 3), 1);
        assertEquals(3, one.ids().size());
        AsyncMap<Integer> auto = engines.loadBalanced()
                .mapAsync(new Tasks.Square(), IntStream.range(0, 1000).boxed().toList(), 0);
        assertEquals(8, auto.ids().size(), "automatic: about four chunks per engine");
        assertEquals(999 * 999, auto.get().get(999));
    }

    @Test
    void metadataReadWhileResultsArriveNeverShowsAShardWithoutItsEngine() {
        // shards arrive on the request's thread while this one reads: each arrived shard must come with its engine
        AsyncMap<Integer> r = engines.loadBalanced()
                .mapAsync(new Tasks.Square(), IntStream.range(0, 3000).boxed().toList(), 1);
        int reads = 0;
        while (!r.ready() || reads == 0) {
            Map<String, EngineMetadata> m = r.metadata();
            for (Map.Entry<String, EngineMetadata> e : m.entrySet()) {
                assertTrue(e.getKey() != null && e.getKey().equals(e.getValue().engineId()), "metadata " + m);
            }
            reads++;
        }
        assertEquals(
                3000,
                r.metadata().values().stream().mapToInt(EngineMetadata::items).sum());
    }

    @Test
    void orderedIterationStreamsAndUnorderedYieldsAsTheyCome() {
        // item 0 sleeps longest: ordered waits for it, unordered yields quicker ones first (one quick item may be
        // queued behind the slow one on its engine, which holds two shards at a time)
        List<Integer> sleeps = List.of(600, 10, 20, 30);
        AsyncMap<Integer> r = engines.loadBalanced().mapAsync(new Tasks.SleepFor(), sleeps, 1);
        List<Integer> unordered = new ArrayList<>();
        r.unordered().forEach(unordered::add);
        assertTrue(unordered.get(0) != 600 && unordered.get(1) != 600, "unordered: " + unordered);
        assertEquals(new HashSet<>(sleeps), new HashSet<>(unordered));
        AsyncMap<Integer> again = engines.loadBalanced().mapAsync(new Tasks.SleepFor(), sleeps, 1);
        List<Integer> ordered = new ArrayList<>();
        again.forEach(ordered::add);
        assertEquals(sleeps, ordered);
    }

    @Test
    void imapReadsLazilyAndKeepsABoundedNumberOutstanding() {
        AtomicInteger read = new AtomicInteger();
        Iterator<Integer> infinite = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return read.getAndIncrement();
            }
        };
        Iterator<Integer> squares = engines.loadBalanced().imap(new Tasks.Square(), infinite, 5, 3, true);
        for (int i = 0; i < 100; i++) {
            assertEquals(i * i, squares.next());
            assertTrue(read.get() <= i + 1 + 3 * 5 + 5, "read " + read.get() + " after taking " + (i + 1));
        }
    }

    @Test
    void deepdishCalls() {
        Parallel p = engines.parallel();
        assertEquals(0, p.rank());
        List<Integer> in = new ArrayList<>(IntStream.range(0, 20).boxed().toList());
        in.set(5, null); // deepdish stopped at a None; simrt maps it like any input
        List<Integer> doubled = new ArrayList<>();
        p.imap(new Tasks.Twice(), in).forEachRemaining(doubled::add);
        List<Integer> expected =
                new ArrayList<>(IntStream.range(0, 20).map(x -> 2 * x).boxed().toList());
        expected.set(5, null);
        assertEquals(expected, doubled);
        List<Integer> any = new ArrayList<>();
        p.imapUnordered(new Tasks.Twice(), List.of(1, 2, 3)).forEachRemaining(any::add);
        any.sort(null);
        assertEquals(List.of(2, 4, 6), any);
        List<Integer> sums = new ArrayList<>();
        p.starmap(new Tasks.Sum(), List.of(List.of(1, 2), List.of(3, 4, 5), List.of()))
                .forEachRemaining(sums::add);
        assertEquals(List.of(3, 12, 0), sums);
        List<Integer> sums2 = new ArrayList<>();
        p.starmapUnordered(new Tasks.Sum(), List.of(List.of(1, 2), List.of(3))).forEachRemaining(sums2::add);
        sums2.sort(null);
        assertEquals(List.of(3, 3), sums2);
        // an exception reaches the caller, at its place, with the engine; nothing hangs
        Iterator<Integer> it = p.imap(new Tasks.FailOn(2), List.of(0, 1, 2, 3));
        assertEquals(0, it.next());
        assertEquals(1, it.next());
        RemoteException e = assertThrows(RemoteException.class, it::next);
        assertTrue(engines.ids().contains(e.engineId()));
        assertTrue(e.getMessage().contains("bad input 2"), e.getMessage());
    }

    @Test
    void orderedImapYieldsEarlyResultsBeforeSlowLaterOnes() {
        long t0 = System.nanoTime();
        Iterator<Integer> it = engines.parallel().imap(new Tasks.SleepFor(), List.of(10, 1500, 10));
        assertEquals(10, it.next());
        long first = System.nanoTime() - t0;
        assertEquals(1500, it.next());
        assertEquals(10, it.next());
        long all = System.nanoTime() - t0;
        assertTrue(
                first < all / 2,
                "the first result came at " + first / 1e6 + " ms, everything at " + all / 1e6
                        + " ms: deepdish would have waited for all");
    }

    @Test
    void asyncResultsReportStateTimingAndMetadata() {
        AsyncResult<String> slow = engines.loadBalanced().applyAsync(new Tasks.Sleep(300, "done"));
        assertTrue(!slow.ready());
        assertThrows(IllegalStateException.class, slow::successful);
        assertThrows(SimrtTimeoutException.class, () -> slow.get(Duration.ofMillis(20)));
        assertEquals("done", slow.get(Duration.ofSeconds(30)));
        assertTrue(slow.ready() && slow.successful());
        assertTrue(slow.wallTime().toMillis() >= 300);
        assertTrue(slow.serialTime().toMillis() >= 300);
        assertEquals(1, slow.metadata().size());
        EngineMetadata m = slow.metadata().values().iterator().next();
        assertEquals(1, m.items());
        assertEquals(1, slow.ids().size());

        AsyncMap<Integer> many =
                engines.loadBalanced().mapAsync(new Tasks.SleepFor(), List.of(50, 50, 50, 50, 50, 50), 1);
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        many.waitWithProgress(new PrintStream(bar, true), Duration.ofMillis(30));
        assertTrue(bar.toString().contains("6/6 tasks"), bar.toString());
        assertEquals(6, many.progress());
        assertEquals(2, many.metadata().size(), "both engines took part");
        assertTrue(many.serialTime().compareTo(many.wallTime()) > 0, "two engines: more engine time than wall time");
    }

    @Test
    void abortDropsQueuedTasksAndInterruptsRunningOnes() {
        AsyncMap<String> hog = engines.all().applyAsync(new Tasks.Sleep(60_000, "never"));
        AsyncMap<Integer> queued = engines.loadBalanced().mapAsync(new Tasks.SleepFor(), List.of(1, 2, 3), 1);
        assertTrue(hog.abort());
        assertThrows(SimrtException.class, hog::get);
        // the engines were interrupted: the queued map runs now, long before the minute is up
        assertEquals(List.of(1, 2, 3), queued.get(Duration.ofSeconds(20)));
        assertTrue(!hog.abort(), "a finished result cannot be aborted again");
    }

    @Test
    void aLostEnginesLoadBalancedShardsRunElsewhere() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.start(
                        new int[] {0, 1, 1}, ConfigFactory.parseString("""
                        pekko.actor.serialize-messages = on
                        pekko.cluster.split-brain-resolver.stable-after = 2s
                        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
                        pekko.cluster.failure-detector.heartbeat-interval = 300ms
                        """), Duration.ofSeconds(30));
                RuntimeClient c = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL);
                Engines e = Engines.of(c)) {
            c.awaitEngines(2, Duration.ofSeconds(20));
            AsyncMap<Integer> r = e.loadBalanced().mapAsync(new Tasks.SleepFor(), Collections.nCopies(40, 100), 1);
            while (r.progress() < 4) {
                r.await(Duration.ofMillis(50));
            }
            cluster.crash(2);
            assertEquals(Collections.nCopies(40, 100), r.get(Duration.ofSeconds(60)));
        }
    }
}
