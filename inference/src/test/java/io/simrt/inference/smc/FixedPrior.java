package io.simrt.inference.smc;

import io.simrt.models.ModelParams;
import io.simrt.models.RandomStream;

/** A test "prior" that always returns the same locations (and draws nothing from the stream). */
final class FixedPrior implements Prior {
    private final ModelParams locations;

    FixedPrior(ModelParams locations) {
        this.locations = locations;
    }

    static FixedPrior column(double... values) {
        return new FixedPrior(ModelParams.column(values));
    }

    @Override
    public int nParams() {
        return locations.nParams();
    }

    @Override
    public ModelParams sample(int n, RandomStream rng) {
        if (n != locations.nModels()) {
            throw new IllegalArgumentException("fixed prior holds " + locations.nModels() + " rows, asked " + n);
        }
        return locations;
    }
}
