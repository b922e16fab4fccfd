package io.simrt.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.testtasks.Tasks;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A million small tasks through the API on two local engines, and the heap this JVM retains stays flat: nothing
 * is kept per request once it is answered (QInfer's ipyparallel models had to call {@code purge_client} for that,
 * because the hub and the client kept every result). Every result is checked through a running checksum.
 *
 * <p>Half the tasks stream through {@code imap} over a lazy input (10,000 requests of 50 tasks, at most four in
 * flight), half go as 10,000 separate load-balanced {@code map} calls of 50 inputs each (automatic chunks: 8
 * shards per call, 80,000 shards). Every message is serialized as if it crossed nodes ({@code serialize-messages}),
 * so the wire codecs' caches take part. The retained heap is sampled after a full GC every 100,000 tasks.
 */
class ManySmallTasksTest {
    private static final int TASKS = 1_000_000;
    private static final int CHECKPOINT = 100_000;
    private static final int IMAP_CHUNK = 50;
    private static final int MAP_CALL = 50;
    /**
     * Allowed growth of the retained heap from the first checkpoint (after 100,000 tasks, once the caches of Jackson
     * and Pekko have filled) to the last (after 1,000,000): 2 MiB. Between the two run 18,000 requests (8,000 imap
     * chunks and 10,000 map calls, 900,000 tasks): keeping about 120 bytes per request (one map entry and its key)
     * or 3 bytes per task would exceed it. What does grow here, 0.4 to 0.8 MiB, is not kept per request: each
     * request's timeout timer is cancelled when it ends, and Pekko's scheduler drops a cancelled task (48 bytes)
     * only when its wheel next passes the task's slot, within 5.12 s; so the heap holds the last five seconds'
     * worth, more when requests come faster (class histograms of the first and last samples differ by those
     * holders and a few kB of strings).
     */
    private static final long TOLERANCE_BYTES = 2L << 20;

    /**
     * The heap that survives a full collection: {@code MemoryMXBean.gc()} (that is, {@code System.gc()}), then what
     * every heap pool held right after it ({@code MemoryPoolMXBean.getCollectionUsage}). The heap's current usage ({@code MemoryMXBean}) would also
     * count what threads allocated since the collection (whole TLABs: samples wandered by up to 5 MiB here while
     * class histograms showed the live objects constant to 100 kB).
     */
    private static long retainedHeap() {
        ManagementFactory.getMemoryMXBean().gc();
        ManagementFactory.getMemoryMXBean().gc();
        long retained = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                retained += afterGc.getUsed();
            }
        }
        return retained;
    }

    /** {@code from, from + 1, ..., to - 1}, produced one at a time (never a list of half a million inputs). */
    private static Iterator<Integer> lazyRange(int from, int to) {
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public Integer next() {
                if (next >= to) {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }

    @Test
    void aMillionTasksLeaveNothingBehind() {
        List<Long> heap = new ArrayList<>();
        long checksum = 0;
        long expected = 0;
        int done = 0;
        long t0 = System.nanoTime();
        try (RuntimeClient client =
                        RuntimeClient.local(2, 1, ConfigFactory.parseString("pekko.actor.serialize-messages = on"));
                Engines engines = Engines.of(client)) {
            LoadBalancedView lb = engines.loadBalanced();
            // first half: one lazy, bounded stream; results in input order
            Iterator<Integer> doubled = lb.imap(new Tasks.Twice(), lazyRange(0, TASKS / 2), IMAP_CHUNK, 0, true);
            while (doubled.hasNext()) {
                int x = done;
                int y = doubled.next();
                if (y != 2 * x) {
                    fail("imap input " + x + " came back as " + y);
                }
                checksum += y;
                expected += 2L * x;
                if (++done % CHECKPOINT == 0) {
                    heap.add(retainedHeap());
                }
            }
            // second half: separate requests, each a whole map whose result is dropped once read
            while (done < TASKS) {
                List<Integer> in =
                        IntStream.range(done, done + MAP_CALL).boxed().toList();
                List<Integer> out = lb.map(new Tasks.Twice(), in, 0);
                assertEquals(MAP_CALL, out.size());
                for (int i = 0; i < MAP_CALL; i++) {
                    if (out.get(i) != 2 * in.get(i)) {
                        fail("map input " + in.get(i) + " came back as " + out.get(i));
                    }
                    checksum += out.get(i);
                    expected += 2L * in.get(i);
                }
                done += MAP_CALL;
                if (done % CHECKPOINT == 0) {
                    heap.add(retainedHeap());
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> mib = heap.stream()
                .map(b -> String.format(Locale.ROOT, "%.2f", b / 1048576.0))
                .toList();
        System.out.printf(
                Locale.ROOT,
                "%d tasks in %.1f s; retained heap (MiB) every %d tasks: %s%n",
                done,
                seconds,
                CHECKPOINT,
                mib);
        assertEquals(TASKS, done);
        // sum of 2x over 0..n-1 = n(n-1)
        assertEquals((long) TASKS * (TASKS - 1), expected);
        assertEquals(expected, checksum, "every result was right");
        assertEquals(TASKS / CHECKPOINT, heap.size());
        long growth = heap.get(heap.size() - 1) - heap.get(0);
        assertTrue(
                growth < TOLERANCE_BYTES,
                "retained heap grew by " + growth + " bytes from the first checkpoint " + "to the last (MiB: " + mib
                        + ")");
    }
}
