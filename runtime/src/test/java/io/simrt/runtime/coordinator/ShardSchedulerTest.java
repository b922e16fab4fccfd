package io.simrt.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.runtime.protocol.ShardKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;
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
     * The engine choice does not scan the engines (it files them by load); whatever the history of sends, settles,
     * widened windows and losses, each shared shard still goes to a least-loaded engine with room.
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
                List.of("e0:2/0", "e1:3/0"),
                sent,
                "both slots were freed by the withdrawal; among equals the one idle longest goes first, and both came "
                        + "back at once, in the order the engines were added");
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

    /**
     * As above, with what the engine choice files engines by: remote nodes with a budget, engines of this JVM
     * without, heaps, several requests at once, engines and nodes coming and going, requests withdrawn. Each shared
     * shard is the head of the queue and goes to a least-loaded engine with room (window, heap, node budget), and
     * after each dispatch no engine has room for the shard left at the head.
     */
    @Test
    void acrossNodesHeapsAndRequestsEachShardGoesToALeastLoadedEngineWithRoomAndNoneWithRoomIsLeftIdle() {
        SplittableRandom random = new SplittableRandom(1000);
        int budget = 12;
        ShardScheduler<String, Big> s = new ShardScheduler<>(BASE, 8, budget, now::get);
        Map<String, String> nodeOf = new LinkedHashMap<>();
        Map<String, Long> heapOf = new HashMap<>();
        long[] heaps = {100, 1_000, Long.MAX_VALUE};
        IntConsumer addEngine = node -> {
            String id = "e" + nodeOf.size() + "-" + random.nextInt(1_000_000);
            String at = node < 0 ? "" : "n" + node;
            long heap = node < 0 ? Long.MAX_VALUE : heaps[random.nextInt(heaps.length)];
            nodeOf.put(id, at);
            heapOf.put(id, heap);
            s.add(id, "handle-" + id, heap, at);
        };
        for (int i = 0; i < 5; i++) {
            addEngine.accept(-1); // never removed: every shard fits one of these
        }
        for (int i = 0; i < 90; i++) {
            addEngine.accept(i % 6);
        }
        BiPredicate<String, Big> hasRoom = (e, shard) -> {
            String node = nodeOf.get(e);
            return s.outstanding(e) < s.window(e, shard.key().requestId())
                    && heapOf.get(e) >= shard.heapBytes()
                    && (node.isEmpty() || s.heldOn(node) < budget);
        };
        List<Big> waiting = new ArrayList<>();
        List<Big> held = new ArrayList<>();
        Map<ShardKey, String> heldBy = new HashMap<>();
        long[] requests = {1, 2, 3};
        long nextRequest = 4;
        int placed = 0;
        int waitedWithRoomNowhere = 0;
        for (int step = 0; step < 6_000; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                int kind = random.nextInt(20);
                Big shard = Big.any(requests[random.nextInt(3)], step, kind == 0 ? 5_000 : kind < 5 ? 500 : 0);
                assertTrue(s.enqueue(shard));
                waiting.add(shard);
            } else if (action < 8 && !held.isEmpty()) {
                Big h = held.remove(random.nextInt(held.size()));
                now.addAndGet(random.nextInt(1, 2_000_000));
                s.settled(
                        h.key(),
                        heldBy.remove(h.key()),
                        random.nextInt(20) == 0 ? -1 : random.nextInt(1_000, 3_000_000),
                        0);
            } else if (action == 8 && random.nextInt(8) == 0) {
                List<String> remote = nodeOf.keySet().stream()
                        .filter(e -> !nodeOf.get(e).isEmpty())
                        .toList();
                if (!remote.isEmpty()) {
                    String gone = remote.get(random.nextInt(remote.size()));
                    nodeOf.remove(gone);
                    held.removeIf(h -> gone.equals(heldBy.get(h.key())));
                    heldBy.values().removeIf(gone::equals);
                    for (Big lost : s.remove(gone)) {
                        s.enqueue(lost);
                        waiting.add(lost);
                    }
                }
            } else if (action == 9 && random.nextInt(4) == 0) {
                addEngine.accept(random.nextInt(8)); // now and then on a node not seen before
            } else if (action == 9 && random.nextInt(10) == 0) {
                int i = random.nextInt(3);
                long r = requests[i];
                requests[i] = nextRequest++;
                List<ShardScheduler.Running<String>> running = s.withdraw(r);
                assertEquals(held.stream().filter(h -> h.key().requestId() == r).count(), running.size());
                held.removeIf(h -> h.key().requestId() == r);
                heldBy.keySet().removeIf(k -> k.requestId() == r);
                waiting.removeIf(h -> h.key().requestId() == r);
            }
            int before = held.size();
            s.dispatch(
                    (shard, engineId, engine) -> {
                        assertEquals(waiting.remove(0), shard, "the head of the queue goes first");
                        assertTrue(hasRoom.test(engineId, shard), engineId + " had no room for " + shard);
                        int chosen = s.outstanding(engineId);
                        for (String e : nodeOf.keySet()) {
                            if (hasRoom.test(e, shard)) {
                                assertTrue(chosen <= s.outstanding(e), engineId + " chosen over less loaded " + e);
                            }
                        }
                        held.add(shard);
                        heldBy.put(shard.key(), engineId);
                        return true;
                    },
                    (shard, engineId, heapBytes) -> {
                        throw new AssertionError("refused " + shard);
                    });
            placed += held.size() - before;
            assertEquals(waiting.size(), s.queued());
            if (!waiting.isEmpty()) {
                Big head = waiting.get(0);
                for (String e : nodeOf.keySet()) {
                    assertFalse(hasRoom.test(e, head), e + " has room for " + head + " but was left idle");
                }
                waitedWithRoomNowhere++;
            }
            Map<String, Integer> perNode = new HashMap<>();
            nodeOf.forEach((e, node) -> perNode.merge(node, s.outstanding(e), Integer::sum));
            perNode.forEach((node, n) -> {
                if (!node.isEmpty()) {
                    assertEquals(n, s.heldOn(node), "node " + node + "'s count");
                    assertTrue(n <= budget, node + " holds " + n);
                }
            });
        }
        assertTrue(placed > 2_000, "placements checked: " + placed);
        assertTrue(waitedWithRoomNowhere > 500, "dispatches that left shards waiting: " + waitedWithRoomNowhere);
    }

    /**
     * A thousand engines on four nodes whose budget binds before the windows do (the case an index of engines below
     * their window did not help): each node fills to its budget, evenly over its engines, and a full node takes
     * nothing until its own shards settle.
     */
    @Test
    void aThousandEnginesOnFourNodesFillEachNodeToItsBudgetEvenly() {
        int budget = 300;
        ShardScheduler<String, S> s = new ShardScheduler<>(BASE, MAX, budget, now::get);
        for (int e = 0; e < 1_000; e++) {
            s.add("e" + e, "handle-e" + e, Long.MAX_VALUE, "n" + e % 4);
        }
        for (int i = 0; i < 5_000; i++) {
            s.enqueue(S.any(1, i));
        }
        dispatch(s);
        assertEquals(4 * budget, sent.size());
        for (int n = 0; n < 4; n++) {
            assertEquals(budget, s.heldOn("n" + n));
        }
        for (int e = 0; e < 1_000; e++) {
            int held = s.outstanding("e" + e);
            assertTrue(held == 1 || held == 2, "e" + e + " holds " + held + ": 300 shards over 250 engines");
        }

        List<String> onN0 = sent.stream().filter(x -> nodeOf(x) == 0).toList();
        sent.clear();
        dispatch(s);
        assertEquals(List.of(), sent, "every node is at its budget");
        for (String x : onN0) {
            s.settled(keyOf(x), x.substring(0, x.indexOf(':')), 1_000, 0);
        }
        dispatch(s);
        assertEquals(budget, sent.size());
        assertTrue(sent.stream().allMatch(x -> nodeOf(x) == 0), "only the node with budget left takes shards");
        assertEquals(budget, s.heldOn("n0"));

        int lost = 0;
        for (int e = 1; e < 1_000; e += 4) {
            lost += s.remove("e" + e).size();
        }
        assertEquals(budget, lost, "node n1's engines gave back what they held");
        assertEquals(0, s.heldOn("n1"));
        assertEquals(750, s.size());
    }

    private static int nodeOf(String sent) {
        return Integer.parseInt(sent.substring(1, sent.indexOf(':'))) % 4;
    }

    private static ShardKey keyOf(String sent) {
        String key = sent.substring(sent.indexOf(':') + 1);
        return new ShardKey(
                Long.parseLong(key.substring(0, key.indexOf('/'))),
                Integer.parseInt(key.substring(key.indexOf('/') + 1)));
    }

    /** Among engines of equal load, of one node or several, each takes its turn before any takes a second. */
    @Test
    void enginesOfEqualLoadTakeTurnsWithinAndAcrossNodes() {
        ShardScheduler<String, S> s = new ShardScheduler<>(BASE, BASE, 100, now::get);
        for (String e : List.of("a1", "a2", "a3")) {
            s.add(e, "handle-" + e, Long.MAX_VALUE, "node-a");
        }
        s.add("b1", "handle-b1", Long.MAX_VALUE, "node-b");
        s.add("l1", "handle-l1", Long.MAX_VALUE, "");
        for (int i = 0; i < 10; i++) {
            s.enqueue(S.any(1, i));
        }
        dispatch(s);
        assertEquals(10, sent.size());
        List<String> first =
                sent.subList(0, 5).stream().map(x -> x.substring(0, 2)).sorted().toList();
        List<String> second = sent.subList(5, 10).stream()
                .map(x -> x.substring(0, 2))
                .sorted()
                .toList();
        assertEquals(List.of("a1", "a2", "a3", "b1", "l1"), first, "one each before any takes a second: " + sent);
        assertEquals(first, second);
        assertEquals("a1:1/0", sent.get(0), "from an empty start: the first node, its first engine");
        assertEquals("b1:1/1", sent.get(1), "then the next node, not a1's neighbour on its own node");
        assertEquals("l1:1/2", sent.get(2));
        assertEquals("a2:1/3", sent.get(3), "node-a's next engine in turn");

        // the engine that has waited longest at the lowest load goes first; a removed engine leaves the turns intact
        s.settled(new ShardKey(1, 3), "a2", 1_000, 0);
        s.settled(new ShardKey(1, 0), "a1", 1_000, 0);
        s.remove("a3");
        sent.clear();
        s.enqueue(S.any(2, 0));
        s.enqueue(S.any(2, 1));
        s.enqueue(S.any(2, 2));
        dispatch(s);
        assertEquals(
                List.of("a2:2/0", "a1:2/1"),
                sent,
                "a2 came down to one shard first, then a1; a3 is gone, and the rest are at their window");
        assertEquals(1, s.queued());
    }

    /**
     * An engine is passed over or used again as its window for a request narrows or widens: one widened for request 1
     * has room above the base window for that request alone, none once its shards prove long, and room again below
     * the base window.
     */
    @Test
    void anEngineIsUsedAgainOrPassedOverAsItsWindowChanges() {
        ShardScheduler<String, S> s = scheduler(BASE, MAX, "e0", "e1");
        s.enqueue(S.on("e0", 1, 0));
        dispatch(s);
        now.addAndGet(650_000);
        s.settled(new ShardKey(1, 0), "e0", 100_000, 0);
        assertEquals(7, s.window("e0", 1), "1 + 550 / 100 us");
        for (int i = 1; i <= 7; i++) {
            s.enqueue(S.on("e0", 1, i));
        }
        s.enqueue(S.any(1, 100));
        s.enqueue(S.any(1, 101));
        s.enqueue(S.any(1, 102));
        sent.clear();
        dispatch(s);
        assertEquals(7, s.outstanding("e0"));
        assertEquals(2, s.outstanding("e1"));
        assertEquals(List.of("e1:1/100", "e1:1/101"), sent.subList(7, 9), "e0 at its widened window, e1 at its base");
        assertEquals(1, s.queued());

        // request 1's shards prove long on e0: its window for them narrows to the base, and it holds 6
        now.addAndGet(10_300_000);
        s.settled(new ShardKey(1, 1), "e0", 10_000_000, 0);
        assertEquals(BASE, s.window("e0", 1));
        sent.clear();
        dispatch(s);
        assertEquals(List.of(), sent, "neither engine has room");
        for (int i = 2; i <= 5; i++) {
            s.settled(new ShardKey(1, i), "e0", 10_000_000, 0);
        }
        dispatch(s);
        assertEquals(List.of(), sent, "e0 holds 2, its window");
        s.settled(new ShardKey(1, 6), "e0", 10_000_000, 0);
        dispatch(s);
        assertEquals(List.of("e0:1/102"), sent, "below its window again");

        // e1's shards prove short: it widens for request 1 and takes more than the base window of that request only
        sent.clear();
        s.enqueue(S.any(1, 103));
        s.enqueue(S.any(1, 104));
        s.enqueue(S.any(1, 105));
        now.addAndGet(650_000);
        s.settled(new ShardKey(1, 100), "e1", 100_000, 0);
        assertTrue(s.window("e1", 1) > 4, "its one round trip covered the whole wait: " + s.window("e1", 1));
        dispatch(s);
        assertEquals(
                List.of("e1:1/103", "e1:1/104", "e1:1/105"),
                sent,
                "e0 is at its window; e1 past the base window, below its own");
        s.enqueue(S.any(2, 0));
        sent.clear();
        dispatch(s);
        assertEquals(List.of(), sent, "request 2 has the base window on both, and both are past it");
        s.settled(new ShardKey(1, 7), "e0", 10_000_000, 0);
        dispatch(s);
        assertEquals(List.of("e0:2/0"), sent);
    }

    @Test
    void windowsMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new ShardScheduler<String, S>(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new ShardScheduler<String, S>(3, 2, now::get));
    }
}
