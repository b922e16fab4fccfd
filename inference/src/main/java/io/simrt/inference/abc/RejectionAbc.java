package io.simrt.inference.abc;

import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.Client;
import io.simrt.inference.results.Sample;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import java.util.List;

/**
 * Rejection ABC, ELFI's {@code Rejection} ({@code docs/python-semantics.md} §4 for batches and seeding, §5 for the
 * sampler). Batch {@code i} simulates with the stream {@code RandomStreams.of(rng, seed).block(i)}; batches are
 * consumed in index order with at most {@code maxParallelBatches} in flight, so the result depends only on the
 * model, seed, batch size and objective, never on the client or the number of engines.
 *
 * <p>Immutable: it keeps the client it was built with; {@link #withClient} builds a complete new one.
 */
public final class RejectionAbc {
    private final AbcModel model;
    private final Client client;
    private final AbcSettings settings;
    private final int maxParallelBatches;
    private final BatchJournal journal;

    private RejectionAbc(AbcModel model, Client client, AbcSettings settings, BatchJournal journal) {
        this.model = model;
        this.client = client;
        this.settings = settings;
        this.maxParallelBatches = settings.batchesInFlight(client);
        this.journal = journal;
    }

    public static Builder builder(AbcModel model, Client client) {
        return new Builder(model, client, new AbcSettings.Builder());
    }

    /** The same inference on another client: every setting kept, nothing shared with this one. */
    public RejectionAbc withClient(Client other) {
        return new Builder(model, other, new AbcSettings.Builder(settings))
                .journal(journal)
                .build();
    }

    /** The settings as given; {@link AbcSettings#maxParallelBatches()} is 0 if the client's parallelism is used. */
    public AbcSettings settings() {
        return settings;
    }

    public long seed() {
        return settings.seed();
    }

    public int batchSize() {
        return settings.batchSize();
    }

    public RngFamily rng() {
        return settings.rng();
    }

    /** Batches in flight at most: the setting, or the client's parallelism if none was given. */
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
        long seed = settings.seed();
        int batchSize = settings.batchSize();
        RngFamily rng = settings.rng();
        RejectionState state = new RejectionState(nSamples, batchSize, model.nParams(), objective, maxParallelBatches);
        BatchSimulator simulator = client.simulator(model);
        BatchPipeline pipeline = new BatchPipeline(simulator, maxParallelBatches, journal);
        boolean keepAll = journal.keepsSimulations();
        try {
            while (!state.finished()) {
                state.take(
                        pipeline.next(
                                state.nBatches(),
                                state.objectiveBatches(),
                                // rows the state cannot use now stay on the engine (kept all when the journal
                                // keeps every simulation); the cut only falls, so they could not be used later
                                index -> BatchRequest.fromPrior(rng, seed, index, batchSize)
                                        .withCut(keepAll ? Double.POSITIVE_INFINITY : state.cut())),
                        journal);
                progress.batches(state.nBatches(), Math.max(state.objectiveBatches(), state.nBatches()));
            }
        } finally {
            pipeline.cancelPending();
        }
        Sample sample = Sample.of(model.parameterNames(), state.filled(), state.params());
        return new AbcResult(
                "Rejection",
                sample,
                state.distances(),
                state.nSim(),
                state.nBatches(),
                state.currentThreshold(),
                state.acceptRate(),
                seed,
                rng,
                batchSize,
                List.of(),
                state.skipped());
    }

    /** Settings of a rejection run; each is checked as it is set, the seed against its family at {@link #build}. */
    public static final class Builder {
        private final AbcModel model;
        private final Client client;
        private final AbcSettings.Builder settings;
        private BatchJournal journal = BatchJournal.NONE;

        private Builder(AbcModel model, Client client, AbcSettings.Builder settings) {
            if (model == null || client == null) {
                throw ParameterException.because("model and client are required");
            }
            this.model = model;
            this.client = client;
            this.settings = settings;
        }

        /** Master seed; a fresh one by default (reported in the result). */
        public Builder seed(long seed) {
            settings.seed(seed);
            return this;
        }

        /** Simulations per batch (ELFI's default is 1); part of the reproducibility key. */
        public Builder batchSize(int batchSize) {
            settings.batchSize(batchSize);
            return this;
        }

        /** The stream family; {@code fast} by default. */
        public Builder rng(RngFamily rng) {
            settings.rng(rng);
            return this;
        }

        /** Batches in flight at most; 0 (the default) means the client's parallelism. */
        public Builder maxParallelBatches(int maxParallelBatches) {
            settings.maxParallelBatches(maxParallelBatches);
            return this;
        }

        /**
         * Where batches are recorded and found again (a run store's): {@link BatchJournal#NONE} by default. A batch
         * the journal holds is merged from its record instead of being simulated.
         */
        public Builder journal(BatchJournal journal) {
            if (journal == null) {
                throw ParameterException.because("journal must be given (BatchJournal.NONE for none)");
            }
            this.journal = journal;
            return this;
        }

        /**
         * @throws io.simrt.models.ParameterException if the seed is not a seed of the family, or the client has no
         *                                            engines to run batches on
         */
        public RejectionAbc build() {
            return new RejectionAbc(model, client, settings.build(), journal);
        }
    }
}
