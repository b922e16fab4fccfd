package io.simrt.runtime.view;

import java.time.Duration;

/**
 * What one engine did for one request.
 *
 * @param engineId the engine
 * @param shards   shards it ran
 * @param items    items (tasks, map inputs) in those shards
 * @param compute  time it spent running them
 */
public record EngineMetadata(String engineId, int shards, int items, Duration compute) {}
