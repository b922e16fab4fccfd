package io.simrt.inference.abc;

import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.Client;
import io.simrt.inference.results.Sample;
import io.simrt.models.NumpySums;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.NumpyMath;
import io.simrt.models.random.RandomStreams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ABC-SMC (ELFI's {@code SMC}, Beaumont-style; {@code docs/python-semantics.md} §6) on the rejection machinery.
 *
 * <p>Round 0 is a rejection run from the prior at {@code thresholds[0]} (or {@code quantiles[0]}). Round
 * {@code r > 0} proposes from a Gaussian mixture on the previous population (weights, covariance
 * {@code 2 diag(weighted variance)}), drawn on the caller's side from the stream
 * {@code RandomStreams.of(rng, subSeed(r)).root()} at submission time, in batch order; it accepts at
 * {@code thresholds[r]} (or at the {@code quantiles[r]} weighted quantile of the previous distances), and
 * weights each row by {@code exp(log prior(theta) - log proposal(theta))}. Batches are numbered across rounds; when a round
 * is done its pending batches are cancelled and their indices reused, as ELFI does, so results do not depend
 * on the client or the number of engines.
 *
 * <p>With the {@code elfi} family the populations are ELFI's, number for number: the proposals, weights and
 * covariances are computed in numpy's and scipy's order and rounding ({@link GaussianMixture},
 * {@link #proposalCovariance}; docs/python-semantics.md §6, "ABC-SMC bit for bit").
 */
public final class AbcSmc {
    private static final Logger LOG = LoggerFactory.getLogger(AbcSmc.class);

    private final AbcModel model;
    private final Client client;
    private final AbcSettings settings;
    private final int maxParallelBatches;
    private final BatchJournal journal;

    private AbcSmc(AbcModel model, Client client, AbcSettings settings, BatchJournal journal) {
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
    public AbcSmc withClient(Client other) {
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

    public Client client() {
        return client;
    }

    /** One round per threshold; thresholds should decrease. */
    public AbcResult sample(int nSamples, List<Double> thresholds, Progress progress) {
        if (thresholds.isEmpty()) {
            throw ParameterException.because("ABC-SMC needs at least one threshold");
        }
        for (int i = 0; i < thresholds.size(); i++) {
            double t = thresholds.get(i);
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw ParameterException.of("thresholds[" + i + "]", t, "must be finite and >= 0");
            }
        }
        return run(nSamples, thresholds, null, progress);
    }

    /**
     * One round per quantile: round 0 keeps the {@code quantiles[0]} nearest of {@code nSamples/quantiles[0]}
     * prior simulations; round r accepts at the {@code quantiles[r]} weighted quantile of round r-1's distances.
     */
    public AbcResult sampleQuantiles(int nSamples, List<Double> quantiles, Progress progress) {
        if (quantiles.isEmpty()) {
            throw ParameterException.because("ABC-SMC needs at least one quantile");
        }
        for (int i = 0; i < quantiles.size(); i++) {
            double q = quantiles.get(i);
            if (!(q > 0 && q <= 1)) {
                throw ParameterException.of("quantiles[" + i + "]", q, "must lie in (0, 1]");
            }
        }
        return run(nSamples, null, quantiles, progress);
    }

    private AbcResult run(int nSamples, List<Double> thresholds, List<Double> quantiles, Progress progress) {
        Require.positive("samples", nSamples);
        int rounds = thresholds != null ? thresholds.size() : quantiles.size();
        int d = model.nParams();
        long seed = settings.seed();
        int batchSize = settings.batchSize();
        RngFamily rng = settings.rng();
        RandomStreams master = RandomStreams.of(rng, seed);
        BatchSimulator simulator = client.simulator(model);
        BatchPipeline pipeline = new BatchPipeline(simulator, maxParallelBatches, journal);
        List<Population> populations = new ArrayList<>();
        long totalSim = 0;
        long totalBatches = 0;
        long totalSkipped = 0;
        try {
            for (int r = 0; r < rounds; r++) {
                Population prev = r == 0 ? null : populations.get(r - 1);
                Objective objective;
                double roundThreshold;
                if (thresholds != null) {
                    roundThreshold = thresholds.get(r);
                    objective = Objective.threshold(roundThreshold);
                } else if (r == 0) {
                    objective = Objective.quantile(quantiles.get(0));
                    roundThreshold = Double.NaN;
                } else {
                    roundThreshold = Sample.weighted(
                                    List.of("d"),
                                    prev.distances().length,
                                    prev.distances(),
                                    prev.sample().weights().orElseThrow())
                            .quantile(0, quantiles.get(r));
                    objective = Objective.threshold(roundThreshold);
                }
                LOG.info("ABC-SMC round {} of {}: {}", r + 1, rounds, objective);
                RandomStream roundRng = r == 0
                        ? master.root()
                        : RandomStreams.of(rng, master.subSeed(r)).root();
                GaussianMixture proposal = prev == null
                        ? null
                        : new GaussianMixture(
                                prev.sample().toArray(), prev.sample().weights().orElseThrow(), prev.covariance(), d);
                RejectionState state = new RejectionState(nSamples, batchSize, d, objective, maxParallelBatches);
                final long before = totalBatches;
                while (!state.finished()) {
                    state.take(
                            pipeline.next(
                                    state.nBatches(),
                                    state.objectiveBatches(),
                                    index -> proposal == null
                                            ? BatchRequest.fromPrior(rng, seed, index, batchSize)
                                            : BatchRequest.withProposals(
                                                    rng,
                                                    seed,
                                                    index,
                                                    batchSize,
                                                    proposal.sample(batchSize, model, roundRng))),
                            journal);
                    progress.batches(
                            before + state.nBatches(), before + Math.max(state.objectiveBatches(), state.nBatches()));
                }
                pipeline.cancelPending();
                totalSim += state.nSim();
                totalBatches += state.nBatches();
                totalSkipped += state.skipped();
                double[] params = state.params();
                int n = state.filled();
                double[] weights = new double[n];
                if (proposal == null) {
                    Arrays.fill(weights, 1.0);
                } else {
                    for (int i = 0; i < n; i++) {
                        // ELFI: np.exp(prior logpdf - proposal logpdf)
                        weights[i] = NumpyMath.exp(model.priorLogDensity(params, i) - proposal.logDensity(params, i));
                    }
                }
                if (Arrays.stream(weights).allMatch(w -> w == 0)) {
                    throw ParameterException.because("all sample weights of ABC-SMC round " + r + " are zero; with a "
                            + "prior of bounded support this may mean the sample size is too small");
                }
                double[] cov = proposalCovariance(params, weights, n, d);
                Sample sample = Sample.weighted(model.parameterNames(), n, params, weights);
                double effectiveThreshold = Double.isNaN(roundThreshold) ? state.currentThreshold() : roundThreshold;
                Population population = new Population(
                        effectiveThreshold,
                        state.currentThreshold(),
                        sample,
                        state.distances(),
                        state.nSim(),
                        state.nBatches(),
                        cov);
                populations.add(population);
                journal.population(r, population);
            }
        } finally {
            pipeline.cancelPending();
        }
        Population last = populations.get(populations.size() - 1);
        return new AbcResult(
                "SMC",
                last.sample(),
                last.distances(),
                totalSim,
                totalBatches,
                last.threshold(),
                Math.min(1.0, (double) nSamples / totalSim),
                seed,
                rng,
                batchSize,
                populations,
                totalSkipped);
    }

    /**
     * {@code 2 diag(s2)} with ELFI's unbiased reliability-weights variance ({@code weighted_var})
     * {@code s2 = sum_i w_i (x_i - xbar)^2 / (V1 - V2 / V1)}, {@code V1 = sum w}, {@code V2 = sum w^2}, in numpy's
     * order: V1, V2 and the normaliser of the weighted mean {@code xbar} summed pairwise ({@code np.sum}); the
     * weighted mean's numerator row by row ({@code np.average} along axis 0); the numerator
     * {@code w.dot(dev^2)} as the BLAS matrix-vector product does it (OpenBLAS's kernel for a two-row matrix: rows in
     * groups of four, each adding {@code (a b + c d)} for two rows at a time, then the rest one by one). The identity
     * if that is not finite (for instance a single row).
     */
    static double[] proposalCovariance(double[] x, double[] w, int n, int d) {
        double v1 = NumpySums.sum(w, 0, n);
        double[] w2 = new double[n];
        for (int i = 0; i < n; i++) {
            w2[i] = w[i] * w[i];
        }
        double v2 = NumpySums.sum(w2, 0, n);
        double[] cov = new double[d * d];
        boolean finite = true;
        double[] dev2 = new double[n];
        for (int k = 0; k < d; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * d + k] * w[i];
            }
            mean /= v1;
            for (int i = 0; i < n; i++) {
                double dev = x[i * d + k] - mean;
                dev2[i] = dev * dev;
            }
            double num = 0;
            int i = 0;
            for (; i < (n & -4); i += 4) {
                num += dev2[i] * w[i] + dev2[i + 1] * w[i + 1];
                num += dev2[i + 2] * w[i + 2] + dev2[i + 3] * w[i + 3];
            }
            for (; i < n; i++) {
                num += dev2[i] * w[i];
            }
            double s2 = num / (v1 - v2 / v1);
            cov[k * d + k] = 2 * s2;
            finite &= Double.isFinite(s2);
        }
        if (!finite) {
            LOG.warn("could not estimate the ABC-SMC proposal covariance (most weights zero?); using the identity");
            Arrays.fill(cov, 0);
            for (int k = 0; k < d; k++) {
                cov[k * d + k] = 1;
            }
        }
        return cov;
    }

    /** Settings of an ABC-SMC run; each is checked as it is set, the seed against its family at {@link #build}. */
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
         * @throws io.simrt.models.ParameterException if the seed is not a seed of the family, or the client has no
         *                                            engines to run batches on
         */
        public AbcSmc build() {
            return new AbcSmc(model, client, settings.build(), journal);
        }

        /**
         * Where batches and populations are recorded and batches found again (a run store's):
         * {@link BatchJournal#NONE} by default. A batch the journal holds is merged from its record instead of being
         * simulated; its proposals are still drawn, so later batches draw the same ones.
         */
        public Builder journal(BatchJournal journal) {
            if (journal == null) {
                throw ParameterException.because("journal must be given (BatchJournal.NONE for none)");
            }
            this.journal = journal;
            return this;
        }
    }
}
