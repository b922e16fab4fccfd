package io.simrt.runtime.protocol;

/**
 * Identifies one shard of one request: replies are keyed by it, so a shard sent twice (after its engine was
 * lost) is counted once.
 */
public record ShardKey(long requestId, int shard) implements WireMessage {
    @Override
    public String toString() {
        return requestId + "/" + shard;
    }
}
