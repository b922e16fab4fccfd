package io.simrt.runtime.coordinator;

import io.simrt.runtime.protocol.ShardKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Which engine runs which shard, and when: the coordinator's queues and windows as a plain class (no actors, no
 * messages), so that its decisions can be tested on their own.
 *
 * <p>Shards that may run anywhere wait in one queue in arrival order and go to the least-loaded engine below its
 * window, engines taking turns on ties. That engine is found without looking at every engine: nodes first, then by
 * load within a node (see {@link Group}), so that placing a shard costs a few steps per node, not one per engine.
 * Shards bound to one engine (a direct view's, whose state lives there) wait in that engine's own queue. An engine
 * holds at most {@code window} shards at once, or more, up to {@code maxWindow}, for a request whose shards have
 * proved short against the round trip to it (see {@link #window}). The scheduler keeps, per engine, the shards it
 * handed out until they settle, so that a lost engine's shards can be sent again.
 *
 * <p>Engines on one remote node share a budget of shards held ({@code nodeBudget}): every shard held there is a
 * message in the one outbound queue to that node, or a reply in the one queue back, and Artery drops messages when
 * such a queue is full, without telling the sender. A thousand engines on four nodes with widened windows would
 * otherwise hold far more than a queue takes, and a dropped shard would stall its request until it timed out.
 *
 * <p>Engines may differ in heap: a shard goes only to an engine whose heap holds its estimate ({@link
 * Shard#heapBytes}), and one that fits no engine the scheduler has is refused instead of sent. A shard that fits only
 * a busy engine waits for it at the head of the shared queue, and the shards behind wait with it.
 *
 * @param <E> what the owner keeps per engine (the coordinator: its actor and installed models)
 * @param <S> a shard waiting to be sent
 */
final class ShardScheduler<E, S extends ShardScheduler.Shard> {

    /** A shard as the scheduler sees it. */
    interface Shard {
        ShardKey key();

        /** The engine the shard must run on, or empty when any engine will do. */
        String target();

        /** A lower bound of the heap the shard needs on its engine; 0 when nothing is known. */
        default long heapBytes() {
            return 0;
        }
    }

    /** Sends a shard the scheduler chose an engine for. */
    @FunctionalInterface
    interface Sender<E, S> {
        /**
         * @return whether the shard went out; {@code false} when the sender failed it instead (too large, say), and
         *     the engine's slot stays free
         */
        boolean send(S shard, String engineId, E engine);
    }

    /** Fails a shard that fits in no engine's heap, instead of sending it. */
    @FunctionalInterface
    interface Refuser<S> {
        /**
         * @param engineId  the engine with the largest heap, or the engine a bound shard must run on
         * @param heapBytes that engine's heap
         */
        void refuse(S shard, String engineId, long heapBytes);
    }

    /** A shard an engine holds, and when it was sent. */
    private record Assignment<S>(S shard, long sentNanos) {}

    private final class Slot {
        final String id;
        final E engine;
        final long heapBytes;
        /** The engines of this engine's node, or those of this JVM (a group without a budget). */
        final Group group;

        final Map<ShardKey, Assignment<S>> assigned = new LinkedHashMap<>();
        /**
         * Smoothed time a shard of request {@link #measuredRequest} runs, and the round trip around it (send to
         * settle, less its run and its wait in the engine's queue).
         */
        long measuredRequest = -1;

        /** The window for shards of {@link #measuredRequest}, kept as the estimates change ({@link #widened}). */
        int widened = window;

        double computeNanos;
        double overheadNanos;

        /** The ladder this engine is filed in, null when it has no room for a shard of any request. */
        Ladder ladder;
        /** The load it was filed at: its ring in {@link #ladder}. */
        int filedAt;
        /** Its neighbours in that ring. */
        Slot prev;

        Slot next;

        Slot(String id, E engine, long heapBytes, Group group) {
            this.id = id;
            this.engine = engine;
            this.heapBytes = heapBytes;
            this.group = group;
        }
    }

    /**
     * Engines filed by load: a ring per load, each in the order its engines came to that load, so that the first in
     * a ring is the one that has waited longest at that load and takes the next shard among equals (the turns). A
     * load changes by one at a time, so the lowest ring with an engine is found from the last one in a few steps.
     */
    private final class Ladder {
        /** The request whose widened windows this ladder is for; unused for a group's base ladder. */
        final long request;
        /** The first engine of the ring of each load, null for a load no engine here has. */
        final List<Slot> rings = new ArrayList<>();

        int size;
        /** No ring below this one holds an engine. */
        int lowest = Integer.MAX_VALUE;

        Ladder(long request) {
            this.request = request;
        }

        /** Files {@code s} at {@code load}, last in turn. */
        void add(Slot s, int load) {
            while (rings.size() <= load) {
                rings.add(null);
            }
            Slot first = rings.get(load);
            if (first == null) {
                rings.set(load, s);
                s.prev = s;
                s.next = s;
            } else {
                s.prev = first.prev;
                s.next = first;
                first.prev.next = s;
                first.prev = s;
            }
            s.ladder = this;
            s.filedAt = load;
            size++;
            lowest = Math.min(lowest, load);
        }

        void remove(Slot s) {
            int load = s.filedAt;
            if (s.next == s) {
                rings.set(load, null);
            } else {
                s.prev.next = s.next;
                s.next.prev = s.prev;
                if (rings.get(load) == s) {
                    rings.set(load, s.next);
                }
            }
            s.prev = null;
            s.next = null;
            s.ladder = null;
            size--;
        }

        /**
         * The first in turn of the least-loaded engines here, loaded below {@code below}, whose heap holds {@code
         * heapBytes}; null if there is none. It looks past an engine only when the engine's heap is too small.
         */
        Slot first(long heapBytes, int below) {
            if (size == 0) {
                return null;
            }
            while (rings.get(lowest) == null) {
                lowest++;
            }
            for (int load = lowest, n = Math.min(below, rings.size()); load < n; load++) {
                Slot first = rings.get(load);
                if (first == null) {
                    continue;
                }
                Slot s = first;
                do {
                    if (s.heapBytes >= heapBytes) {
                        return s;
                    }
                    s = s.next;
                } while (s != first);
            }
            return null;
        }
    }

    /**
     * The engines of one node, which share its budget, or those of this JVM, which have none. An engine is filed in
     * one of the group's ladders while it has room for a shard of some request: in {@link #base} while its load is
     * below {@code window} (room whatever the request), then in the ladder of the request its window was widened
     * for until it reaches that window, then in none. The least-loaded engine with room for a shard of request
     * {@code r} is the first of {@link #base}'s lowest ring, or failing that of {@code r}'s ladder, and a node with
     * no budget left is passed over in one check.
     */
    private final class Group {
        final String node;
        /** Shards the engines of this group hold. */
        int held;
        /** Engines in the group, filed or not. */
        int engines;

        final Ladder base = new Ladder(-1);
        /** Ladders by the request their engines' windows were widened for; dropped when empty. */
        final Map<Long, Ladder> widenedFor = new HashMap<>();

        Group(String node) {
            this.node = node;
        }

        /** Whether an engine of this group may hold one more shard as far as the node's budget goes. */
        boolean hasRoom() {
            return node.isEmpty() || held < nodeBudget;
        }

        /** Files {@code s} by its load and windows now; it keeps its turn when neither changed. */
        void file(Slot s) {
            int load = s.assigned.size();
            if (load < window) {
                if (s.ladder != base || s.filedAt != load) {
                    unfile(s);
                    base.add(s, load);
                }
            } else if (load < s.widened) {
                Ladder l = s.ladder;
                if (l == null || l == base || l.request != s.measuredRequest || s.filedAt != load) {
                    unfile(s);
                    widenedFor.computeIfAbsent(s.measuredRequest, Ladder::new).add(s, load);
                }
            } else {
                unfile(s);
            }
        }

        void unfile(Slot s) {
            Ladder l = s.ladder;
            if (l != null) {
                l.remove(s);
                if (l != base && l.size == 0) {
                    widenedFor.remove(l.request);
                }
            }
        }

        /**
         * The first in turn of the least-loaded engines here with room for a shard of {@code requestId} that needs
         * {@code heapBytes}, loaded below {@code below}; null if there is none.
         */
        Slot leastLoaded(long requestId, long heapBytes, int below) {
            Slot s = base.first(heapBytes, Math.min(below, window));
            if (s == null && below > window && !widenedFor.isEmpty()) {
                Ladder l = widenedFor.get(requestId);
                if (l != null) {
                    s = l.first(heapBytes, below);
                }
            }
            return s;
        }
    }

    private final int window;
    private final int maxWindow;
    private final int nodeBudget;
    /** The engines by node ("" for those in this JVM), and the same in the order nodes take turns. */
    private final Map<String, Group> groups = new HashMap<>();

    private final List<Group> groupOrder = new ArrayList<>();

    private final LongSupplier clock;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    /** Shards any engine may take, in arrival order. */
    private final ArrayDeque<S> queue = new ArrayDeque<>();
    /** Shards that must run on one engine, per engine id. */
    private final Map<String, ArrayDeque<S>> targeted = new HashMap<>();
    /**
     * How many shards of each request wait in {@link #queue} or {@link #targeted}. A request that ends normally has
     * none left, and its withdrawal then skips scanning the queues: with thousands of requests queued at once (many
     * {@code applyAsync} calls) that scan made each answer cost time proportional to the queue.
     */
    private final Map<Long, Integer> queuedByRequest = new HashMap<>();

    /** The group whose turn it is to win a tie. */
    private int groupTurn;
    /** The engine with the largest heap, kept as engines come and go (every dispatched shard is checked against it). */
    private Slot largest;

    /**
     * @param window    shards an engine may hold at once
     * @param maxWindow shards an engine may hold for a request whose shards are short against the round trip
     * @param clock     nanoseconds, as {@link System#nanoTime}
     */
    ShardScheduler(int window, int maxWindow, LongSupplier clock) {
        this(window, maxWindow, Integer.MAX_VALUE, clock);
    }

    /**
     * @param nodeBudget shards the engines of one node may hold together (see the class comment)
     */
    ShardScheduler(int window, int maxWindow, int nodeBudget, LongSupplier clock) {
        if (window < 1 || maxWindow < window) {
            throw new IllegalArgumentException(
                    "window = " + window + ", maxWindow = " + maxWindow + ": need 1 <= window <= maxWindow");
        }
        if (nodeBudget < 1) {
            throw new IllegalArgumentException("nodeBudget = " + nodeBudget + ": need >= 1");
        }
        this.window = window;
        this.maxWindow = maxWindow;
        this.nodeBudget = nodeBudget;
        this.clock = clock;
    }

    /** Adds an engine without a known heap; it takes shards from the next {@link #dispatch} on. */
    void add(String engineId, E engine) {
        add(engineId, engine, Long.MAX_VALUE);
    }

    /** Adds an engine whose heap is {@code heapBytes}; it takes shards from the next {@link #dispatch} on. */
    void add(String engineId, E engine, long heapBytes) {
        add(engineId, engine, heapBytes, "");
    }

    /**
     * Adds an engine whose heap is {@code heapBytes} on {@code node}, whose engines share the node budget (empty:
     * no budget); it takes shards from the next {@link #dispatch} on.
     */
    void add(String engineId, E engine, long heapBytes, String node) {
        if (!slots.containsKey(engineId)) {
            Group group = groups.get(node);
            if (group == null) {
                group = new Group(node);
                groups.put(node, group);
                groupOrder.add(group);
            }
            Slot slot = new Slot(engineId, engine, heapBytes, group);
            slots.put(engineId, slot);
            group.engines++;
            group.file(slot);
            if (largest == null || heapBytes > largest.heapBytes) {
                largest = slot;
            }
        }
    }

    boolean has(String engineId) {
        return slots.containsKey(engineId);
    }

    /** The engines, in the order they were added. */
    Map<String, E> engines() {
        Map<String, E> out = new LinkedHashMap<>();
        slots.forEach((id, s) -> out.put(id, s.engine));
        return Collections.unmodifiableMap(out);
    }

    int size() {
        return slots.size();
    }

    /** Shards engine {@code engineId} holds now (sent, not settled). */
    int outstanding(String engineId) {
        Slot s = slots.get(engineId);
        return s == null ? 0 : s.assigned.size();
    }

    /**
     * The shard engine {@code engineId} is running, as far as the coordinator can tell: the oldest it holds. An engine
     * runs its shards one at a time in the order they arrive, and they arrive in the order they were sent, so the
     * oldest shard not yet settled is the running one, unless its answer is still on the way (then the engine runs
     * the next one, and the request that holds the answer ignores a loss of a shard it has). Empty when the engine
     * holds nothing.
     *
     * <p>No message says when a shard starts: that would be a second message per shard for the tiny tasks the
     * window is widened for, and it could be lost with the engine as well.
     */
    Optional<ShardKey> running(String engineId) {
        Slot s = slots.get(engineId);
        if (s == null || s.assigned.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(s.assigned.keySet().iterator().next());
    }

    /** Shards waiting to be sent. */
    int queued() {
        int n = queue.size();
        for (ArrayDeque<S> q : targeted.values()) {
            n += q.size();
        }
        return n;
    }

    /**
     * Removes an engine. Returns the shards it held (in the order they were sent), then those waiting for it alone:
     * the caller sends them again or fails their requests.
     */
    List<S> remove(String engineId) {
        Slot slot = slots.remove(engineId);
        List<S> lost = new ArrayList<>();
        if (slot == null) {
            return lost;
        }
        largest = largestOf(slots.values());
        slot.assigned.values().forEach(a -> lost.add(a.shard()));
        release(slot, slot.assigned.size());
        Group group = slot.group;
        group.unfile(slot);
        if (--group.engines == 0) {
            int at = groupOrder.indexOf(group);
            groupOrder.remove(at);
            groups.remove(group.node);
            if (at < groupTurn) {
                groupTurn--;
            }
        }
        ArrayDeque<S> waiting = targeted.remove(engineId);
        if (waiting != null) {
            waiting.forEach(s -> lost.add(dequeued(s)));
        }
        return lost;
    }

    /**
     * Queues a shard.
     *
     * @return false, queuing nothing, if the shard is bound to an engine this scheduler does not have
     */
    boolean enqueue(S shard) {
        String target = shard.target();
        if (target.isEmpty()) {
            queue.addLast(shard);
        } else if (slots.containsKey(target)) {
            targeted.computeIfAbsent(target, t -> new ArrayDeque<>()).addLast(shard);
        } else {
            return false;
        }
        queuedByRequest.merge(shard.key().requestId(), 1, Integer::sum);
        return true;
    }

    /**
     * Hands out every queued shard that has room: first those bound to an engine (in each engine's order), then the
     * shared queue, each to the least-loaded engine below its window whose heap holds it. Shards that fit no engine's
     * heap (a bound one: its engine's) go to {@code refuser} instead; with no engines at all, shards wait.
     */
    void dispatch(Sender<E, S> sender, Refuser<S> refuser) {
        if (!targeted.isEmpty()) {
            for (Slot slot : slots.values()) {
                ArrayDeque<S> mine = targeted.get(slot.id);
                while (mine != null && !mine.isEmpty()) {
                    S next = mine.peekFirst();
                    if (next.heapBytes() > slot.heapBytes) {
                        refuser.refuse(dequeued(mine.removeFirst()), slot.id, slot.heapBytes);
                    } else if (slot.assigned.size() < window(slot, next.key().requestId()) && slot.group.hasRoom()) {
                        send(dequeued(mine.removeFirst()), slot, sender);
                    } else {
                        break;
                    }
                }
                if (mine != null && mine.isEmpty()) {
                    targeted.remove(slot.id);
                }
            }
        }
        while (!queue.isEmpty()) {
            S next = queue.peekFirst();
            if (largest != null && next.heapBytes() > largest.heapBytes) {
                refuser.refuse(dequeued(queue.removeFirst()), largest.id, largest.heapBytes);
                continue;
            }
            Slot slot = leastLoaded(next.key().requestId(), next.heapBytes());
            if (slot == null) {
                return;
            }
            send(dequeued(queue.removeFirst()), slot, sender);
        }
    }

    /** The engine with the largest heap (the first added among equals), or null when there is none. */
    private Slot largestOf(Iterable<Slot> slots) {
        Slot best = null;
        for (Slot s : slots) {
            if (best == null || s.heapBytes > best.heapBytes) {
                best = s;
            }
        }
        return best;
    }

    private void send(S shard, Slot slot, Sender<E, S> sender) {
        if (sender.send(shard, slot.id, slot.engine)) {
            slot.assigned.put(shard.key(), new Assignment<>(shard, clock.getAsLong()));
            slot.group.held++;
            slot.group.file(slot);
        }
    }

    /** {@code n} shards {@code slot} held are settled, withdrawn or lost (the caller files the slot again). */
    private void release(Slot slot, int n) {
        slot.group.held = Math.max(0, slot.group.held - n);
    }

    /**
     * Shard {@code key} was answered by engine {@code engineId}, having run {@code computeNanos} after waiting
     * {@code waitNanos} in the engine's queue ({@code -1} for a failure): its slot is free again, and its times
     * refine the engine's estimates. Unknown engines and keys are ignored (a late reply after a loss or withdrawal).
     */
    void settled(ShardKey key, String engineId, long computeNanos, long waitNanos) {
        Slot slot = slots.get(engineId);
        if (slot == null) {
            return;
        }
        Assignment<S> a = slot.assigned.remove(key);
        if (a != null) {
            release(slot, 1);
        }
        if (a == null || computeNanos < 0) {
            slot.group.file(slot);
            return;
        }
        double overhead = Math.max(0, clock.getAsLong() - a.sentNanos() - computeNanos - Math.max(0, waitNanos));
        if (key.requestId() != slot.measuredRequest) {
            slot.measuredRequest = key.requestId();
            slot.computeNanos = computeNanos;
            slot.overheadNanos = overhead;
        } else {
            slot.computeNanos = 0.8 * slot.computeNanos + 0.2 * computeNanos;
            slot.overheadNanos = 0.8 * slot.overheadNanos + 0.2 * overhead;
        }
        slot.widened = widened(slot);
        slot.group.file(slot);
    }

    /** A shard to stop on the engine that holds it. */
    record Running<E>(ShardKey key, String engineId, E engine) {}

    /**
     * Forgets request {@code requestId}: drops its queued shards and returns those engines hold, which the caller
     * aborts there (their slots are free from now on).
     */
    List<Running<E>> withdraw(long requestId) {
        if (queuedByRequest.remove(requestId) != null) {
            queue.removeIf(s -> s.key().requestId() == requestId);
            targeted.values().forEach(q -> q.removeIf(s -> s.key().requestId() == requestId));
            targeted.values().removeIf(ArrayDeque::isEmpty);
        }
        List<Running<E>> running = new ArrayList<>();
        for (Slot slot : slots.values()) {
            int before = slot.assigned.size();
            for (Iterator<ShardKey> it = slot.assigned.keySet().iterator(); it.hasNext(); ) {
                ShardKey key = it.next();
                if (key.requestId() == requestId) {
                    running.add(new Running<>(key, slot.id, slot.engine));
                    it.remove();
                }
            }
            if (slot.assigned.size() != before) {
                release(slot, before - slot.assigned.size());
                slot.group.file(slot);
            }
        }
        return running;
    }

    /**
     * Shards {@code slot} may hold when the next one belongs to {@code requestId}: {@code window}, or more when that
     * request's shards have proved short against the round trip, so that the engine is not idle while the answer to
     * one shard and the next shard are on the wire: holding {@code n}, it has {@code (n - 1) x compute} of work to
     * cover a round trip of {@code overhead}. Estimates from one request never widen the window for another: a map of
     * slow tasks after a map of trivial ones starts at {@code window} again.
     */
    private int window(Slot slot, long requestId) {
        return requestId == slot.measuredRequest ? slot.widened : window;
    }

    /**
     * The window for shards of the request {@code slot}'s estimates come from. Kept in the slot, which is filed by
     * it (see {@link Group}).
     */
    private int widened(Slot slot) {
        if (maxWindow <= window) {
            return window;
        }
        double needed = 1 + Math.ceil(slot.overheadNanos / Math.max(slot.computeNanos, 1_000));
        return (int) Math.min(maxWindow, Math.max(window, needed));
    }

    /** Shards the engines of {@code node} hold now (tests). */
    int heldOn(String node) {
        Group g = groups.get(node);
        return g == null ? 0 : g.held;
    }

    /** The window engine {@code engineId} has now for shards of {@code requestId} (tests). */
    int window(String engineId, long requestId) {
        Slot s = slots.get(engineId);
        return s == null ? 0 : window(s, requestId);
    }

    /**
     * The engine with the fewest shards among those below their window for {@code requestId} whose heap holds
     * {@code heapBytes}, taking turns: nodes in turn among the nodes, engines in turn among those of a node with the
     * same load (see {@link Ladder}). A node without budget left costs one check, and one with budget a few steps
     * (see {@link Group}), so this costs about one step per node, not per engine.
     */
    private Slot leastLoaded(long requestId, long heapBytes) {
        int n = groupOrder.size();
        Slot best = null;
        int bestAt = -1;
        int bestLoad = Integer.MAX_VALUE;
        // It stops at an idle engine: none can be less loaded, and the first group in turn wins ties.
        for (int i = 0, at = n == 0 ? 0 : groupTurn % n; i < n && bestLoad > 0; i++, at = at + 1 == n ? 0 : at + 1) {
            Group g = groupOrder.get(at);
            if (!g.hasRoom()) {
                continue;
            }
            Slot s = g.leastLoaded(requestId, heapBytes, bestLoad);
            if (s != null) {
                best = s;
                bestAt = at;
                bestLoad = s.assigned.size();
            }
        }
        if (best != null) {
            groupTurn = (bestAt + 1) % n;
        }
        return best;
    }

    /** Counts {@code shard} out of the queues. */
    private S dequeued(S shard) {
        queuedByRequest.computeIfPresent(shard.key().requestId(), (id, c) -> c == 1 ? null : c - 1);
        return shard;
    }
}
