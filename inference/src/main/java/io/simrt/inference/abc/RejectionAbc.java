package io.simrt.inference.abc;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.Client;
import io.simrt.inference.results.Sample;
import io.simrt.models.Require;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RngFamily;
import io.simrt.models.random.Seeds;
import java.util.List;
import io.simrt.models.ParameterException;
import io.simrt.models.random.RandomStreams;

/**
 * Rejection ABC (ELFI's {@code Rejection}, SPEC sections 2.4 to 2.6). Batch {@code i} simulates with the
 * stream {@code RandomStreams.of(rng, seed).block(i)}; batches are consumed in index order with at most
 * {@code maxParallelBatches} in flight, so the result depends only on the model, seed, batch size and
 * objective, never on the client or the number of engines.
 *
 * <p>Immutable: it keeps the client it was built with; {@link #withClient} builds a complete new one.
 */
public final class RejectionAbc {
    private final AbcModel model;
    private final Client client;
    private final long seed;
    private final int batchSize;
    private final RngFamily rng;
    private final int requestedMaxParallel; // 0: the client's parallelism
    private final int maxParallelBatches;

    private RejectionAbc(Builder b) {
        this.model = b.model;
        this.client = b.client;
        this.seed = b.seed;
        this.batchSize = b.batchSize;
        this.rng = b.rng;
        this.requestedMaxParallel = b.maxParallelBatches;
        this.maxParallelBatches = b.maxParallelBatches > 0 ? b.maxParallelBatches : client.parallelism();
        Require.positive("maxParallelBatches (the client has no engines yet?)", maxParallelBatches);
        // Validates the seed for the family now, not at the first batch.
        RandomStreams.of(rng, seed);
    }

    public static Builder builder(AbcModel model, Client client) {
        return new Builder(model, client);
    }

    /** The same inference on another client: every setting kept, nothing shared with this one. */
    public RejectionAbc withClient(Client other) {
        return new Builder(model, other).seed(seed).batchSize(batchSize).rng(rng)
                .maxParallelBatches(requestedMaxParallel).build();
    }

    public long seed() {
        return seed;
    }

    public int batchSize() {
        return batchSize;
    }

    public RngFamily rng() {
        return rng;
    }

    public int maxParallelBatches() {
        return maxParallelBatches;
    }

    public Client client() {
        return client;
    }

    /** {@code nSamples} with ELFI's default objective, {@code quantile = 0.01}. */
    public AbcResult sample(int nSamples) {
        return sample(nSamples, Objective.defaults(), Progress.NONE);
    }

    public AbcResult sample(int nSamples, Objective objective) {
        return sample(nSamples, objective, Progress.NONE);
    }

    /**
     * Runs until the objective is met and returns the {@code nSamples} nearest accepted rows, sorted by
     * distance.
     *
     * @throws io.simrt.models.ParameterException if nSamples is not positive or exceeds the simulations asked for
     * @throws io.simrt.api.SimrtException if a batch failed (the model threw, engines were lost, time ran out)
     */
    public AbcResult sample(int nSamples, Objective objective, Progress progress) {
        RejectionState state = new RejectionState(nSamples, batchSize, model.nParams(), objective, maxParallelBatches);
        BatchSimulator simulator = client.simulator(model);
        BatchPipeline pipeline = new BatchPipeline(simulator, maxParallelBatches);
        try {
            while (!state.finished()) {
                BatchOutput out = pipeline.next(state.nBatches(), state.objectiveBatches(),
                        index -> BatchRequest.fromPrior(rng, seed, index, batchSize));
                state.merge(out);
                progress.batches(state.nBatches(), Math.max(state.objectiveBatches(), state.nBatches()));
            }
        } finally {
            pipeline.cancelPending();
        }
        Sample sample = Sample.of(model.parameterNames(), state.filled(), state.params());
        return new AbcResult("Rejection", sample, state.distances(), state.nSim(), state.nBatches(),
                state.currentThreshold(), state.acceptRate(), seed, rng, batchSize, List.of());
    }

    /** Settings of a rejection run. */
    public static final class Builder {
        private final AbcModel model;
        private final Client client;
        private long seed = Seeds.fresh();
        private int batchSize = 1;
        private RngFamily rng = RngFamily.FAST;
        private int maxParallelBatches;

        private Builder(AbcModel model, Client client) {
            if (model == null || client == null) {
                throw ParameterException.because("model and client are required");
            }
            this.model = model;
            this.client = client;
        }

        /** Master seed; a fresh one by default (reported in the result). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Simulations per batch (ELFI's default is 1); part of the reproducibility key. */
        public Builder batchSize(int batchSize) {
            this.batchSize = Require.positive("batchSize", batchSize);
            return this;
        }

        public Builder rng(RngFamily rng) {
            this.rng = rng;
            return this;
        }

        /** Batches in flight at most; 0 (the default) means the client's parallelism. */
        public Builder maxParallelBatches(int maxParallelBatches) {
            this.maxParallelBatches = Require.nonNegative("maxParallelBatches", maxParallelBatches);
            return this;
        }

        public RejectionAbc build() {
            return new RejectionAbc(this);
        }
    }
}
