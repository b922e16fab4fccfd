package io.simrt.inference.abc;

import io.simrt.api.Client;
import io.simrt.models.Require;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import io.simrt.models.random.Seeds;

/**
 * The settings {@link RejectionAbc} and {@link AbcSmc} share, checked here and nowhere else. With the model and the
 * objective they are the whole reproducibility key: batch {@code i} simulates with the stream
 * {@code RandomStreams.of(rng, seed).block(i)}, so the same settings give the same result on any client and any
 * number of engines ({@code docs/python-semantics.md} §4).
 *
 * @param seed               master seed; the builders' default is a fresh one ({@link Seeds#fresh()})
 * @param batchSize          simulations per batch, {@code > 0} (ELFI's default is 1)
 * @param rng                the stream family of every batch and of the master-side draws
 * @param maxParallelBatches batches in flight at most, {@code >= 0}; 0 stands for the client's parallelism (see
 *                           {@link #batchesInFlight(Client)})
 *
 * <p>Construction throws a {@link io.simrt.models.ParameterException} if {@code batchSize <= 0},
 * {@code maxParallelBatches < 0}, {@code rng} is null, or {@code seed} is not a seed of that family.
 */
public record AbcSettings(long seed, int batchSize, RngFamily rng, int maxParallelBatches) {
    public AbcSettings {
        checkBatchSize(batchSize);
        checkMaxParallelBatches(maxParallelBatches);
        // Rejects a null family, or a seed the family does not take, now rather than at the first batch.
        RandomStreams.of(rng, seed);
    }

    /**
     * How many batches a run on {@code client} keeps in flight: {@link #maxParallelBatches()}, or the client's
     * parallelism if that is 0.
     *
     * @throws io.simrt.models.ParameterException if that is 0 (a client that has no engines yet)
     */
    int batchesInFlight(Client client) {
        int n = maxParallelBatches > 0 ? maxParallelBatches : client.parallelism();
        return Require.positive("maxParallelBatches (the client has no engines yet?)", n);
    }

    private static int checkBatchSize(int batchSize) {
        return Require.positive("batchSize", batchSize);
    }

    private static int checkMaxParallelBatches(int maxParallelBatches) {
        return Require.nonNegative("maxParallelBatches", maxParallelBatches);
    }

    /**
     * What the builders of {@link RejectionAbc} and {@link AbcSmc} fill in: each value is checked as it is set (a bad
     * batch size fails at {@code batchSize(0)}), the seed against its family only at {@link #build()}, so the order
     * of {@code seed} and {@code rng} does not matter.
     */
    static final class Builder {
        private long seed = Seeds.fresh();
        private int batchSize = 1;
        private RngFamily rng = RngFamily.FAST;
        private int maxParallelBatches;

        Builder() {}

        Builder(AbcSettings from) {
            this.seed = from.seed;
            this.batchSize = from.batchSize;
            this.rng = from.rng;
            this.maxParallelBatches = from.maxParallelBatches;
        }

        void seed(long seed) {
            this.seed = seed;
        }

        void batchSize(int batchSize) {
            this.batchSize = checkBatchSize(batchSize);
        }

        void rng(RngFamily rng) {
            this.rng = rng;
        }

        void maxParallelBatches(int maxParallelBatches) {
            this.maxParallelBatches = checkMaxParallelBatches(maxParallelBatches);
        }

        AbcSettings build() {
            return new AbcSettings(seed, batchSize, rng, maxParallelBatches);
        }
    }
}
