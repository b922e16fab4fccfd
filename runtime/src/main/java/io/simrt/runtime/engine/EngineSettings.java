package io.simrt.runtime.engine;

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
 */
public record EngineSettings(
        String engineId, AllowedClasses allowed, Executor executor, long maxRemoteFrameBytes, int bulkThreshold) {}
