package io.simrt.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.runtime.protocol.ShardKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The coordinator's scheduling decisions, without actors: who gets which shard, when, and what a loss gives back. */
class ShardSchedulerTest {
    private static final int BASE = 2;
    private static final int MAX = 32;

    record S(ShardKey key, String target) implements ShardScheduler.Shard {
        static S any(long request, int shard) {
            return new S(new ShardKey(request, shard), "");
        }

        static S on(String engine, long request, int shard) {
            return new S(new ShardKey(request, shard), engine);
        }
    }

    /** A shard with a heap estimate. */
    record Big(ShardKey key, String target, long heapBytes) implements ShardScheduler.Shard {
        static Big any(long request, int shard, long heapBytes) {
            return new Big(new ShardKey(request, shard), "", heapBytes);
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** Every shard sent, as "engine:request/shard", in order. */
    private final List<String> sent = new ArrayList<>();

    private ShardScheduler<String, S> scheduler(int base, int max, String... engines) {
        ShardScheduler<String, S> s = new ShardScheduler<>(base, max, now::get);
        for (String e : engines) {
            s.add(e, "handle-" + e);
        }
        return s;
    }

    private void dispatch(ShardScheduler<String, S> s) {
        dispatch(s, (shard, engineId, heapBytes) -> {
            throw new AssertionError("refused " + shard);
        });
    }

    private <T extends ShardScheduler.Shard> void dispatch(
            ShardScheduler<String, T> s, ShardScheduler.Refuser<T> refuser) {
        s.dispatch(
                (shard, engineId, engine) -> {
                    assertEquals("handle-" + engineId, engine, "the sender gets the engine's own handle");
                    sent.add(engineId + ":" + shard.key());
                    return true;
                },
                refuser);
    }

    /** Sends {@code shard} of {@code request} to the only engine, then settles it {@code roundTripMicros} later. */
    private void runOne(
            ShardScheduler<String, S> s,
            long request,
            int shard,
            long roundTripMicros,
            long computeMicros,
            long waitMicros) {
        s.enqueue(S.any(request, shard));
        dispatch(s);
        now.addAndGet(roundTripMicros * 1_000);
        s.settled(new ShardKey(request, shard), "e0", computeMicros * 1_000, waitMicros * 1_000);
    }

    @Test
    void sharedShardsGoToTheLeastLoadedEngineTakingTurnsUpToTheWindow() {
        ShardScheduler<String, S> s = scheduler(BASE, BASE, "e0", "e1", "e2");
        for (int i = 0; i < 8; i++) {
            s.enqueue(S.any(1, i));
        }
        dispatch(s);
        assertEquals(
                List.of("e0:1/0", "e1:1/1", "e2:1/2", "e0:1/3", "e1:1/4", "e2:1/5"),
                sent,
                "round robin while loads are equal, two each (the window), in arrival order");
        assertEquals(2, s.queued());
        s.settled(new ShardKey(1, 4), "e1", 1_000, 0);
        sent.clear();
        dispatch(s);
        assertEquals(List.of("e1:1/6"), sent, "the freed slot takes the next shard; the others stay full");
        assertEquals(1, s.queued());
    }

    @Test
    void enginesOfOneNodeHoldNoMoreThanItsBudgetTogether() {
        ShardScheduler<String, S> s = new ShardScheduler<>(BASE, MAX, 3, now::get);
        s.add("a1", "handle-a1", Long.MAX_VALUE, "node-a");
        s.add("a2", "handle-a2", Long.MAX_VALUE, "node-a");
        s.add("b1", "handle-b1", Long.MAX_VALUE, "node-b");
        s.add("local", "handle-local", Long.MAX_VALUE, "");
        for (int i = 0; i < 12; i++) {
            s.enqueue(S.any(1, i));
        }
        s.enqueue(S.on("a1", 1, 12));
        dispatch(s);
        assertEquals(3, s.heldOn("node-a"), "two engines with windows of 2 would take 4; the node's budget is 3");
        assertEquals(2, s.heldOn("node-b"), "one engine: its window binds first");
        assertEquals(2, s.outstanding("local"), "an engine without a node has no budget, only its window");
        assertEquals(6, s.queued(), "the bound shard went first; six shared ones wait");

        String onA = sent.stream().filter(x -> x.startsWith("a")).findFirst().orElseThrow();
        String engine = onA.substring(0, onA.indexOf(':'));
        s.settled(new ShardKey(1, Integer.parseInt(onA.substring(onA.indexOf('/') + 1))), engine, 1_000, 0);
        assertEquals(2, s.heldOn("node-a"), "a settled shard frees its node's budget");
        sent.clear();
        dispatch(s);
        assertEquals(1, sent.size(), "one more for node-a, none elsewhere: " + sent);
        assertEquals(3, s.heldOn("node-a"));

        List<ShardScheduler.Running<String>> withdrawn = s.withdraw(1);
        assertEquals(7, withdrawn.size(), "3 on node-a, 2 on node-b, 2 local");
        assertEquals(0, s.heldOn("node-a"), "withdrawn shards free the budget");
        assertEquals(0, s.heldOn("node-b"));
        assertEquals(0, s.queued());

        s.enqueue(S.on("a1", 2, 0));
        dispatch(s);
        assertEquals(1, s.heldOn("node-a"));
        s.remove("a1");
        assertEquals(0, s.heldOn("node-a"), "a lost engine's shards leave its node's count");
        assertThrows(IllegalArgumentException.class, () -> new ShardScheduler<String, S>(BASE, MAX, 0, now::get));
    }

    /**
     * The engine choice looks only at engines with room (an index, not a scan); whatever the history of sends,
     * settles, widened windows and losses, each shared shard still goes to a least-loaded engine with room.
     */
    @Test
    void eachSharedShardGoesToALeastLoadedEngineWithRoomWhateverHappenedBefore() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(18);
        ShardScheduler<String, S> s = scheduler(BASE, MAX);
        List<String> engines = new ArrayList<>();
        for (int e = 0; e < 40; e++) {
            engines.add("e" + e);
            s.add("e" + e, "handle-e" + e);
        }
        List<String[]> held = new ArrayList<>(); // engine, request, shard
        int[] checked = new int[1];
        for (int step = 0; step < 3_000; step++) {
            long request = 1 + step / 500;
            int action = random.nextInt(10);
            if (action < 5) {
                s.enqueue(S.any(request, step));
            } else if (action < 9 && !held.isEmpty()) {
                String[] h = held.remove(random.nextInt(held.size()));
                now.addAndGet(random.nextInt(1, 2_000_000));
                s.settled(
                        new ShardKey(Long.parseLong(h[1]), Integer.parseInt(h[2])),
                        h[0],
                        random.nextInt(1_000, 3_000_000),
                        0);
            } else if (action == 9 && random.nextInt(20) == 0 && engines.size() > 2) {
                String gone = engines.remove(random.nextInt(engines.size()));
                held.removeIf(h -> h[0].equals(gone));
                s.remove(gone)
                        .forEach(x ->
                                s.enqueue(S.any(x.key().requestId(), x.key().shard())));
            }
            s.dispatch(
                    (shard, engineId, engine) -> {
                        long r = shard.key().requestId();
                        int chosen = s.outstanding(engineId);
                        assertTrue(chosen < s.window(engineId, r), engineId + " had no room");
                        for (String e : engines) {
                            if (s.outstanding(e) < s.window(e, r)) {
                                assertTrue(chosen <= s.outstanding(e), engineId + " chosen over less loaded " + e);
                            }
                        }
                        held.add(new String[] {
                            engineId,
                            Long.toString(r),
                            Integer.toString(shard.key().shard())
                        });
                        checked[0]++;
                        return true;
                    },
                    (shard, engineId, heapBytes) -> {
                        throw new AssertionError("refused " + shard);
                    });
        }
        assertTrue(checked[0] > 1_000, "placements checked: " + checked[0]);
    }

    @Test
    void boundShardsRunOnlyOnTheirEngineAndAnUnknownEngineIsRefused() {
        ShardScheduler<String, S> s = scheduler(BASE, BASE, "e0", "e1");
        for (int i = 0; i < 3; i++) {
            assertTrue(s.enqueue(S.on("e1", 7, i)));
        }
        assertFalse(s.enqueue(S.on("e9", 7, 3)), "no engine e9: nothing queued");
        dispatch(s);
        assertEquals(List.of("e1:7/0", "e1:7/1"), sent, "e0 is idle, but the shards belong to e1");
        assertEquals(0, s.outstanding("e0"));
        assertEquals(1, s.queued());
    }

    @Test
    void aShardTheSenderFailsLeavesTheSlotFreeForTheNext() {
        ShardScheduler<String, S> s = scheduler(1, 1, "e0");
        s.enqueue(S.any(1, 0));
        s.enqueue(S.any(1, 1));
        List<ShardKey> refused = new ArrayList<>();
        s.dispatch(
                (shard, id, e) -> {
                    if (shard.key().shard() == 0) {
                        refused.add(shard.key());
                        return false;
                    }
                    sent.add(id + ":" + shard.key());
                    return true;
                },
                (shard, id, heap) -> {
                    throw new AssertionError("refused " + shard);
                });
        assertEquals(List.of(new ShardKey(1, 0)), refused);
        assertEquals(List.of("e0:1/1"), sent);
        assertEquals(1, s.outstanding("e0"));
    }

    @Test
    void aShardGoesOnlyToAnEngineWhoseHeapHoldsItAndOneThatFitsNoEngineIsRefused() {
        ShardScheduler<String, Big> s = new ShardScheduler<>(BASE, BASE, now::get);
        s.add("small", "handle-small", 100);
        s.add("large", "handle-large", 1000);
        List<String> refused = new ArrayList<>();
        ShardScheduler.Refuser<Big> refuser =
                (shard, engineId, heap) -> refused.add(shard.key() + ">" + engineId + ":" + heap);
        s.enqueue(Big.any(1, 0, 500));
        s.enqueue(Big.any(1, 1, 500));
        s.enqueue(Big.any(1, 2, 500));
        s.enqueue(Big.any(2, 0, 5000));
        s.enqueue(Big.any(3, 0, 100));
        dispatch(s, refuser);
        assertEquals(List.of("large:1/0", "large:1/1"), sent, "the small engine is idle, but too small");
        assertEquals(List.of(), refused, "a shard that fits a busy engine waits for it, and those behind it wait");
        assertEquals(3, s.queued());

        s.settled(new ShardKey(1, 0), "large", 1_000, 0);
        sent.clear();
        dispatch(s, refuser);
        assertEquals(List.of("large:1/2", "small:3/0"), sent, "a shard as large as a heap fits it");
        assertEquals(List.of("2/0>large:1000"), refused, "fits no engine: refused, naming the largest");
        assertEquals(0, s.queued());
    }

    @Test
    void aBoundShardTooLargeForItsEngineIsRefusedAndWithoutEnginesNothingIs() {
        ShardScheduler<String, Big> s = new ShardScheduler<>(BASE, BASE, now::get);
        List<String> refused = new ArrayList<>();
        ShardScheduler.Refuser<Big> refuser =
                (shard, engineId, heap) -> refused.add(shard.key() + ">" + engineId + ":" + heap);
        s.enqueue(Big.any(1, 0, Long.MAX_VALUE));
        dispatch(s, refuser);
        assertEquals(List.of(), refused, "no engines: the shard waits for one");
        assertEquals(1, s.queued());

        s.add("small", "handle-small", 100);
        s.enqueue(new Big(new ShardKey(2, 0), "small", 101));
        s.enqueue(new Big(new ShardKey(2, 1), "small", 100));
        dispatch(s, refuser);
        assertEquals(List.of("2/0>small:100", "1/0>small:100"), refused);
        assertEquals(List.of("small:2/1"), sent);
        assertEquals(0, s.queued());
    }

    @Test
    void aLostEngineGivesBackWhatItHeldThenWhatWaitedForIt() {
        ShardScheduler<String, S> s = scheduler(1, 1, "e0", "e1");
        s.enqueue(S.any(1, 0));
        s.enqueue(S.on("e0", 2, 0));
        s.enqueue(S.on("e0", 2, 1));
        dispatch(s);
        assertEquals(List.of("e0:2/0", "e1:1/0"), sent, "bound shards first, then the shared queue");
        List<S> lost = s.remove("e0");
        assertEquals(List.of(S.on("e0", 2, 0), S.on("e0", 2, 1)), lost);
        assertFalse(s.has("e0"));
        assertEquals(0, s.queued());
        assertEquals(1, s.size());
        assertTrue(s.remove("e0").isEmpty(), "removing twice gives nothing");
        s.settled(new ShardKey(2, 0), "e0", 5, 0); // a late reply from the lost engine is ignored
    }

    @Test
    void theShardAnEngineRunsIsTheOldestItHolds() {
        ShardScheduler<String, S> s = scheduler(BASE, BASE, "e0");
        assertEquals(Optional.empty(), s.running("e0"), "holding nothing");
        s.enqueue(S.any(1, 0));
        s.enqueue(S.any(2, 0));
        dispatch(s);
        assertEquals(Optional.of(new ShardKey(1, 0)), s.running("e0"), "the first sent runs; the second waits");
        s.settled(new ShardKey(1, 0), "e0", 1_000, 0);
        assertEquals(Optional.of(new ShardKey(2, 0)), s.running("e0"), "then the one that waited");
        s.enqueue(S.any(3, 0));
        dispatch(s);
        assertEquals(Optional.of(new ShardKey(2, 0)), s.running("e0"), "one sent later waits behind it");
        s.withdraw(2);
        assertEquals(Optional.of(new ShardKey(3, 0)), s.running("e0"));
        assertEquals(Optional.empty(), s.running("e9"), "an unknown engine");
    }

    @Test
    void withdrawingARequestDropsItsQueuedShardsAndReturnsThoseEnginesHold() {
        ShardScheduler<String, S> s = scheduler(1, 1, "e0", "e1");
        s.enqueue(S.any(1, 0));
        s.enqueue(S.any(2, 0));
        s.enqueue(S.any(1, 1));
        s.enqueue(S.on("e1", 1, 2));
        s.enqueue(S.any(3, 0));
        dispatch(s);
        assertEquals(List.of("e1:1/2", "e0:1/0"), sent);
        List<ShardScheduler.Running<String>> running = s.withdraw(1);
        assertEquals(
                List.of(
                        new ShardScheduler.Running<>(new ShardKey(1, 0), "e0", "handle-e0"),
                        new ShardScheduler.Running<>(new ShardKey(1, 2), "e1", "handle-e1")),
                running);
        assertEquals(2, s.queued(), "request 1's queued shard is gone; 2 and 3 wait");
        sent.clear();
        dispatch(s);
        assertEquals(
                List.of("e1:2/0", "e0:3/0"),
                sent,
                "both slots were freed by the withdrawal (e1 first: e0 had the last turn)");
        assertTrue(s.withdraw(1).isEmpty());
    }

    @Test
    void shortShardsWidenTheWindowOfTheirOwnRequestOnly() {
        ShardScheduler<String, S> s = scheduler(BASE, MAX, "e0");
        assertEquals(BASE, s.window("e0", 1), "nothing measured yet");
        // 550 us of round trip around 100 us of work: 1 + ceil(550 / 100) = 7 shards keep the engine busy
        runOne(s, 1, 0, 650, 100, 0);
        assertEquals(7, s.window("e0", 1), "1 + overhead / compute");
        // smoothed: a second shard with 250 us of overhead moves the estimate a fifth of the way
        runOne(s, 1, 1, 350, 100, 0);
        assertEquals(1 + (int) Math.ceil((0.8 * 550 + 0.2 * 250) / 100), s.window("e0", 1));
        assertEquals(BASE, s.window("e0", 2), "another request starts at the base window");
        // trivial shards: capped
        runOne(s, 3, 0, 800, 1, 0);
        assertEquals(MAX, s.window("e0", 3));
        for (int i = 0; i < 40; i++) {
            s.enqueue(S.any(3, 1 + i));
        }
        sent.clear();
        dispatch(s);
        assertEquals(MAX, sent.size(), "the widened window is what the engine is given");
    }

    @Test
    void aFixedWindowNeverWidens() {
        ShardScheduler<String, S> s = scheduler(BASE, BASE, "e0");
        runOne(s, 1, 0, 800, 1, 0);
        assertEquals(BASE, s.window("e0", 1));
    }

    @Test
    void longShardsAndQueueWaitsKeepTheBaseWindow() {
        ShardScheduler<String, S> s = scheduler(BASE, MAX, "e0");
        runOne(s, 1, 0, 10_300, 10_000, 0);
        assertEquals(BASE, s.window("e0", 1), "10 ms shards cover a 300 us round trip");
        // a shard that spent its round trip waiting behind others is not overhead
        runOne(s, 2, 0, 5_000, 1_000, 3_900);
        assertEquals(BASE, s.window("e0", 2));
    }

    @Test
    void failuresAndShardsNeverSentDoNotCount() {
        ShardScheduler<String, S> s = scheduler(BASE, MAX, "e0");
        runOne(s, 1, 0, 900, -1, -1); // a failed shard reports no times
        assertEquals(BASE, s.window("e0", 1));
        s.settled(new ShardKey(1, 1), "e0", 1_000, 0); // never sent (withdrawn): ignored
        assertEquals(BASE, s.window("e0", 1));
        assertEquals(0, s.outstanding("e0"));
    }

    @Test
    void windowsMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new ShardScheduler<String, S>(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new ShardScheduler<String, S>(3, 2, now::get));
    }
}
