package io.simrt.runtime.protocol;

/**
 * What a request child receives: shard replies from engines, and notices from its coordinator. Engines answer a
 * request child directly, so the coordinator can hand out a new request's shards the moment it spawns the child,
 * without waiting for the child to start.
 */
public interface RequestInbox {}
