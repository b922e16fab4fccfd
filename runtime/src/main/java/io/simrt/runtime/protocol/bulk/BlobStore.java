package io.simrt.runtime.protocol.bulk;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arrays a node's lane holds until they are fetched: each is handed out once and then dropped; one nobody
 * fetched (its message was lost) is dropped after the time to live. Ids come from {@link SecureRandom}.
 */
final class BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);

    private record Blob(byte[] bytes, long expiresAt) {}

    private final long ttlNanos;
    private final Map<BlobId, Blob> blobs = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

    BlobStore(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    BlobId put(byte[] bytes) {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last > ttlNanos / 4 && lastSweep.compareAndSet(last, now)) {
            sweep(now);
        }
        BlobId id = new BlobId(random.nextLong(), random.nextLong());
        blobs.put(id, new Blob(bytes, now + ttlNanos));
        return id;
    }

    /** The array stored under {@code id}, which is no longer held; null if there is none (any more). */
    byte[] take(BlobId id) {
        Blob b = blobs.remove(id);
        return b == null ? null : b.bytes;
    }

    int size() {
        return blobs.size();
    }

    private void sweep(long now) {
        int dropped = 0;
        for (Iterator<Blob> it = blobs.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAt > 0) {
                it.remove();
                dropped++;
            }
        }
        if (dropped > 0) {
            LOG.warn(
                    "bulk lane dropped {} arrays nobody fetched within simrt.bulk.ttl (their messages were lost)",
                    dropped);
        }
    }
}
