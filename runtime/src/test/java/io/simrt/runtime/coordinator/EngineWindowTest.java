package io.simrt.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.runtime.protocol.ShardKey;
import org.junit.jupiter.api.Test;

/**
 * An engine's window widens only for the request whose shards proved short against the round trip, and only as far
 * as the round trip needs and the cap allows.
 */
class EngineWindowTest {
    private static final int BASE = 2;
    private static final int MAX = 32;

    /** Settles shard {@code shard} of {@code request}, answered {@code roundTripMicros} after it was sent. */
    private static void settle(Coordinator.Slot slot, long request, int shard, long roundTripMicros, long computeMicros,
            long waitMicros) {
        ShardKey key = new ShardKey(request, shard);
        long sent = 1_000_000_000L;
        slot.assign(key, null, sent);
        slot.settled(key, computeMicros * 1_000, waitMicros * 1_000, sent + roundTripMicros * 1_000);
    }

    @Test
    void shortShardsWidenTheWindowOfTheirOwnRequestOnly() {
        Coordinator.Slot slot = new Coordinator.Slot("e0", null);
        assertEquals(BASE, slot.window(1, BASE, MAX), "nothing measured yet");
        // 550 us of round trip around 100 us of work: 1 + ceil(550 / 100) = 7 shards keep the engine busy
        settle(slot, 1, 0, 650, 100, 0);
        assertEquals(7, slot.window(1, BASE, MAX), "1 + overhead / compute");
        // smoothed: a second shard with 250 us of overhead moves the estimate a fifth of the way
        settle(slot, 1, 1, 350, 100, 0);
        assertEquals(1 + (int) Math.ceil((0.8 * 550 + 0.2 * 250) / 100), slot.window(1, BASE, MAX));
        assertEquals(BASE, slot.window(2, BASE, MAX), "another request starts at the base window");
        assertEquals(BASE, slot.window(1, BASE, BASE), "max = base: a fixed window");
        // trivial shards: capped
        settle(slot, 3, 0, 800, 1, 0);
        assertEquals(MAX, slot.window(3, BASE, MAX));
    }

    @Test
    void longShardsAndQueueWaitsKeepTheBaseWindow() {
        Coordinator.Slot slot = new Coordinator.Slot("e0", null);
        settle(slot, 1, 0, 10_300, 10_000, 0);
        assertEquals(BASE, slot.window(1, BASE, MAX), "10 ms shards cover a 300 us round trip");
        // a shard that spent its round trip waiting behind others is not overhead
        Coordinator.Slot queued = new Coordinator.Slot("e1", null);
        settle(queued, 1, 0, 5_000, 1_000, 3_900);
        assertEquals(BASE, queued.window(1, BASE, MAX));
    }

    @Test
    void failuresAndWithdrawnShardsDoNotCount() {
        Coordinator.Slot slot = new Coordinator.Slot("e0", null);
        settle(slot, 1, 0, 900, -1, -1); // a failed shard reports no times
        assertEquals(BASE, slot.window(1, BASE, MAX));
        slot.settled(new ShardKey(1, 1), 1_000, 0, 5_000_000); // never sent (withdrawn): ignored
        assertEquals(BASE, slot.window(1, BASE, MAX));
    }
}
