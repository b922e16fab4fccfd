package io.simrt.models.abc;

import io.simrt.models.ModelSpec;

/** How {@link AbcBuilder} makes the spec of the model it builds, from what that build resolved. */
@FunctionalInterface
interface SpecMaker {
    ModelSpec<AbcModel> make(double[] observedData, double[] distanceScales, OnSimulationError onError);
}
