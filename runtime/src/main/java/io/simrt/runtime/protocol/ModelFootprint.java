package io.simrt.runtime.protocol;

import io.simrt.models.ParameterException;
import io.simrt.models.abc.AbcModel;

/**
 * What the coordinator knows of a registered model's memory, for {@link Work#heapBytes}: parameters per simulation
 * and the heap a batch holds per simulation beyond them ({@link AbcModel#bytesPerSimulation()}). Known for ABC models
 * registered through a simulator; {@link #UNKNOWN} for other models, whose shards show their sizes themselves.
 *
 * @param nParams            parameters per simulation (0: unknown)
 * @param bytesPerSimulation heap a batch holds per simulation beyond its parameters and distance (0: none or unknown)
 * @param nSummaries         summaries per simulation, which a batch asked for them returns (0: none or unknown)
 */
public record ModelFootprint(int nParams, long bytesPerSimulation, int nSummaries) {
    /** Nothing known: estimates count only what the shard itself shows. */
    public static final ModelFootprint UNKNOWN = new ModelFootprint(0, 0, 0);

    public ModelFootprint {
        if (nParams < 0) {
            throw ParameterException.of("nParams", nParams, "must be >= 0");
        }
        if (bytesPerSimulation < 0) {
            throw ParameterException.of("bytesPerSimulation", bytesPerSimulation, "must be >= 0");
        }
        if (nSummaries < 0) {
            throw ParameterException.of("nSummaries", nSummaries, "must be >= 0");
        }
    }

    /** Without summaries. */
    public ModelFootprint(int nParams, long bytesPerSimulation) {
        this(nParams, bytesPerSimulation, 0);
    }

    public static ModelFootprint of(AbcModel model) {
        return new ModelFootprint(model.nParams(), model.bytesPerSimulation(), model.nSummaries());
    }
}
