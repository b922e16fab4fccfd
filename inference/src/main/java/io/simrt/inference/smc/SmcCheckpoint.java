package io.simrt.inference.smc;

/**
 * An SMC run ({@link SmcExperiments}) after its first {@code experiments} updates: what it needs to go on from
 * there exactly as if it had never stopped.
 *
 * @param experiments the updates done, from 1
 * @param updater     the updater's state, its stream's included
 * @param data        the state of the stream the outcomes are simulated with
 */
public record SmcCheckpoint(int experiments, SmcState updater, byte[] data) {}
