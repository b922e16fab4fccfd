package io.simrt.runtime.engine;

import io.simrt.config.SimrtSettings;
import io.simrt.runtime.protocol.AllowedClasses;
import java.util.concurrent.Executor;

/**
 * What one engine needs to start.
 *
 * @param engineId            unique in the cluster: {@code host:port/eN}
 * @param allowed             which classes models, tasks and values may come from
 * @param executor            where shards run (the node's engine dispatcher), never the default dispatcher
 * @param maxRemoteFrameBytes the largest reply Artery will carry; larger replies become a clear failure
 * @param bulkThreshold       arrays of at least this many bytes leave replies for the bulk lane
 *                            ({@link Integer#MAX_VALUE}: the lane is off on this node)
 * @param heapBytes           the heap the engine reports to its owner, who sends it no shard estimated larger: the
 *                            JVM's maximum heap ({@link Runtime#maxMemory()}), which every engine of the node shares
 * @param code                whether and how the engine takes model code its owner ships
 */
public record EngineSettings(
        String engineId,
        AllowedClasses allowed,
        Executor executor,
        long maxRemoteFrameBytes,
        int bulkThreshold,
        long heapBytes,
        SimrtSettings.Code code) {
    public EngineSettings {
        if (heapBytes <= 0) {
            throw new IllegalArgumentException("heapBytes must be positive, got " + heapBytes);
        }
    }

    /** An engine with the default code shipping settings. */
    public EngineSettings(
            String engineId,
            AllowedClasses allowed,
            Executor executor,
            long maxRemoteFrameBytes,
            int bulkThreshold,
            long heapBytes) {
        this(engineId, allowed, executor, maxRemoteFrameBytes, bulkThreshold, heapBytes, SimrtSettings.Code.DEFAULT);
    }

    /** An engine that reports this JVM's maximum heap, with the default code shipping settings. */
    public EngineSettings(
            String engineId, AllowedClasses allowed, Executor executor, long maxRemoteFrameBytes, int bulkThreshold) {
        this(
                engineId,
                allowed,
                executor,
                maxRemoteFrameBytes,
                bulkThreshold,
                Runtime.getRuntime().maxMemory());
    }
}
