package io.simrt.inference.smc;

import io.simrt.inference.results.Sample;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QInfer's {@code SMCUpdater} (docs/python-semantics.md §3): a sequential Monte Carlo approximation of the posterior
 * over a model's parameters, {@code n} particles with locations {@code x_j} (rows of an {@code n x d} matrix) and
 * weights {@code w_j} summing to 1, updated by Bayes' rule one (outcome, experiment) datum at a time.
 *
 * <p>Start: {@code w_j = 1/n}, locations drawn from the prior (then canonicalised). An update with outcome
 * {@code o} and experiment {@code e} calls {@link Model#likelihood} exactly once, with all particles, and sets
 * <pre>
 *   w_j' = w_j L(o | x_j; e) / norm,   norm = sum_j w_j L(o | x_j; e)     (divide by 1 instead if |norm| &lt; eps)
 * </pre>
 * ({@code eps} = machine epsilon, 2.22e-16). Weights that come out negative or NaN are clipped into [0, 1]
 * (NaN to 0) with a warning. If the weights then sum to at most the zero-weight threshold the
 * {@link ZeroWeightPolicy} decides what happens. Otherwise {@code norm} is appended to the normalisation record,
 * and, unless called from {@link #batchUpdate}, the cloud is resampled iff {@code nEss < n * resampleThreshold}
 * (strict). Resampling replaces the cloud through the {@link Resampler} (default Liu–West, {@code a = 0.98}),
 * canonicalises it and then calls {@link Model#clearCache()} (a failure there is logged, not thrown), as QInfer
 * does.
 *
 * <p>The model is used only through the {@link Model} interface, so a model that spreads likelihoods over engines
 * works unchanged. Every random draw (prior, resampling, {@link #sample}) comes from the one stream given to the
 * builder, in call order, so the same seed and the same data give a bit-identical posterior.
 *
 * <p>Warnings (QInfer's {@code ApproximationWarning}/{@code ResamplerWarning}) go to SLF4J at WARN level.
 * Mutable and not thread-safe: one caller drives an updater.
 */
public final class SmcUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(SmcUpdater.class);

    /** numpy's {@code np.spacing(1)}, the gap between 1 and the next double. */
    public static final double EPS_MACHINE = Math.ulp(1.0);

    public static final double DEFAULT_RESAMPLE_THRESHOLD = 0.5;
    /** QInfer's default {@code zero_weight_thresh = 10 * np.spacing(1)}. */
    public static final double DEFAULT_ZERO_WEIGHT_THRESHOLD = 10 * EPS_MACHINE;

    public static final int DEFAULT_RESAMPLE_INTERVAL = 5;
    /** {@code nEss} at or below this logs a warning before the resampling check, as QInfer does. */
    static final double SMALL_ESS = 10;

    private final Model model;
    private final Prior prior;
    private final int nParticles;
    private final int nParams;
    private final Resampler resampler;
    private final double resampleThreshold;
    private final ZeroWeightPolicy zeroWeightPolicy;
    private final double zeroWeightThreshold;
    private final UnaryOperator<ModelParams> canonicalizer;
    private final RandomStream rng;

    private double[] weights;
    private ModelParams locations;
    private int resampleCount;
    private double minEss;
    private boolean justResampled;
    private int[] dataRecord = new int[16];
    private int nData;
    private double[] normalizationRecord = new double[16];
    private int nNorm;

    private SmcUpdater(Builder b) {
        this.model = b.model;
        this.prior = b.prior;
        this.nParticles = b.nParticles;
        this.nParams = b.model.nModelParams();
        this.resampler = b.resampler;
        this.resampleThreshold = b.resampleThreshold;
        this.zeroWeightPolicy = b.zeroWeightPolicy;
        this.zeroWeightThreshold = b.zeroWeightThreshold;
        this.canonicalizer = b.canonicalizer;
        this.rng = b.rng;
        this.minEss = nParticles;
        reset();
    }

    /**
     * @param model      the model whose parameters are inferred; its likelihood is called once per update
     * @param nParticles number of particles, {@code >= 1}
     * @param prior      the distribution particles are first drawn from, with {@code model.nModelParams()}
     *                   parameters
     */
    public static Builder builder(Model model, int nParticles, Prior prior) {
        return new Builder(model, nParticles, prior);
    }

    // ---------------------------------------------------------------------------------------------- updates

    /**
     * Bayes' rule for one observed {@code outcome} of the single experiment {@code oneExperiment}, then the
     * resampling check (see the class comment).
     *
     * @throws ParameterException if {@code oneExperiment} does not hold exactly one experiment, or the model
     *     rejects the outcome or the experiment
     * @throws SmcException if every weight becomes zero under {@link ZeroWeightPolicy#ERROR}; the updater is then
     *     unchanged
     */
    public void update(int outcome, ExpParams oneExperiment) {
        if (oneExperiment.nExps() != 1) {
            throw ParameterException.because("update takes exactly one experiment, got " + oneExperiment.nExps()
                    + "; use batchUpdate for several");
        }
        applyUpdate(outcome, oneExperiment, true);
    }

    /** {@link #batchUpdate(int[], ExpParams, int)} with the resampling check after every 5th datum. */
    public void batchUpdate(int[] outcomes, ExpParams eps) {
        batchUpdate(outcomes, eps, DEFAULT_RESAMPLE_INTERVAL);
    }

    /**
     * Updates on {@code outcomes[k]} of experiment {@code k} of {@code eps}, in order, one likelihood call each;
     * the resampling check runs only after every {@code resampleInterval}-th datum (and not after a remainder),
     * as QInfer's {@code batch_update}.
     *
     * @throws ParameterException if {@code outcomes.length != eps.nExps()} or {@code resampleInterval < 1}
     * @throws SmcException as {@link #update}; data before the failing one stay applied
     */
    public void batchUpdate(int[] outcomes, ExpParams eps, int resampleInterval) {
        if (outcomes.length != eps.nExps()) {
            throw ParameterException.because("batchUpdate: " + outcomes.length + " outcomes but " + eps.nExps()
                    + " experiments; the number of outcomes and experiments must match");
        }
        Require.positive("resampleInterval", resampleInterval);
        for (int k = 0; k < outcomes.length; k++) {
            applyUpdate(outcomes[k], eps.rows(k, k + 1), false);
            if ((k + 1) % resampleInterval == 0) {
                maybeResample();
            }
        }
    }

    private void applyUpdate(int outcome, ExpParams eps, boolean checkForResample) {
        Tensor3 l = model.likelihood(new int[] {outcome}, locations, eps);
        if (l.dim(0) != 1 || l.dim(1) != nParticles || l.dim(2) != 1) {
            throw new IllegalStateException(model.name() + ".likelihood returned " + l.shapeString()
                    + " for 1 outcome, " + nParticles + " particles and 1 experiment");
        }
        double[] w = l.toArray();
        double norm = 0;
        for (int j = 0; j < nParticles; j++) {
            w[j] *= weights[j];
            norm += w[j];
        }
        double divisor = Math.abs(norm) < EPS_MACHINE ? 1 : norm;
        double smallest = Double.POSITIVE_INFINITY;
        boolean clip = false;
        for (int j = 0; j < nParticles; j++) {
            w[j] /= divisor;
            if (!(w[j] >= 0)) {
                clip = true;
                smallest = Math.min(smallest, w[j]); // NaN leaves it unchanged
            }
        }
        if (clip) {
            LOG.warn(
                    "Negative or NaN weights occurred in particle approximation. Smallest weight observed == {}. "
                            + "Clipping weights.",
                    smallest);
            for (int j = 0; j < nParticles; j++) {
                w[j] = Double.isNaN(w[j]) ? 0 : Math.max(0, Math.min(1, w[j]));
            }
        }
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        boolean allZero = sum <= zeroWeightThreshold;
        if (allZero && zeroWeightPolicy == ZeroWeightPolicy.ERROR) {
            throw new SmcException("All particle weights are zero after outcome " + outcome + " of experiment "
                    + Arrays.toString(eps.toArray()) + " " + eps.layout() + ": their sum " + sum
                    + " <= zeroWeightThreshold " + zeroWeightThreshold + " (zeroWeightPolicy ERROR; choose SKIP, "
                    + "WARN, IGNORE or RESET to go on)");
        }
        appendData(outcome);
        justResampled = false;
        if (allZero) {
            switch (zeroWeightPolicy) {
                case SKIP:
                    return;
                case RESET:
                    LOG.warn(
                            "All particle weights are zero (sum {} <= {}). Resetting from initial prior.",
                            sum,
                            zeroWeightThreshold);
                    reset();
                    return;
                case WARN:
                    LOG.warn(
                            "All particle weights are zero (sum {} <= {}). This will very likely fail quite badly.",
                            sum,
                            zeroWeightThreshold);
                    break;
                default: // IGNORE
                    break;
            }
        }
        weights = w;
        appendNormalization(norm);
        double ess = nEss();
        if (ess <= minEss) {
            minEss = ess;
        }
        if (checkForResample) {
            maybeResample();
        }
    }

    /**
     * The weights after each hypothetical outcome of each experiment, without changing this updater: one
     * {@link Model#likelihood} call with all outcomes, all particles and all experiments.
     *
     * @param outcomes outcomes to consider, each an outcome of the model
     * @param eps      experiments to consider
     * @return weights of shape {@code (outcomes.length, eps.nExps(), nParticles)} and the normalisations
     */
    public HypotheticalUpdate hypotheticalUpdate(int[] outcomes, ExpParams eps) {
        int nO = outcomes.length;
        int nE = eps.nExps();
        Tensor3 l = model.likelihood(outcomes.clone(), locations, eps);
        if (l.dim(0) != nO || l.dim(1) != nParticles || l.dim(2) != nE) {
            throw new IllegalStateException(model.name() + ".likelihood returned " + l.shapeString() + " for " + nO
                    + " outcomes, " + nParticles + " particles and " + nE + " experiments");
        }
        double[] lik = l.toArray(); // (o, j, e)
        double[] out = new double[Math.multiplyExact(Math.multiplyExact(nO, nE), nParticles)]; // (o, e, j)
        double[] norm = new double[nO * nE];
        for (int o = 0; o < nO; o++) {
            for (int e = 0; e < nE; e++) {
                int base = (o * nE + e) * nParticles;
                double sum = 0;
                for (int j = 0; j < nParticles; j++) {
                    double v = weights[j] * lik[(o * nParticles + j) * nE + e];
                    out[base + j] = v;
                    sum += v;
                }
                norm[o * nE + e] = sum;
                double divisor = Math.abs(sum) < EPS_MACHINE ? 1 : sum;
                for (int j = 0; j < nParticles; j++) {
                    out[base + j] /= divisor;
                }
            }
        }
        return new HypotheticalUpdate(Tensor3.adopt(nO, nE, nParticles, out), norm);
    }

    // ------------------------------------------------------------------------------------------- resampling

    private void maybeResample() {
        double ess = nEss();
        if (ess <= SMALL_ESS) {
            LOG.warn(
                    "Extremely small n_ess encountered ({}). Resampling is likely to fail. Consider adding "
                            + "particles, or resampling more often.",
                    ess);
        }
        if (ess < nParticles * resampleThreshold) {
            resample();
        }
    }

    /**
     * Resamples now: replaces the cloud through the resampler, canonicalises it, then calls
     * {@link Model#clearCache()} (an exception from it is logged and ignored). Logs a warning if no datum arrived
     * since the last resampling.
     */
    public void resample() {
        if (justResampled) {
            LOG.warn("Resampling without additional data; this may not perform as desired.");
        }
        justResampled = true;
        resampleCount++;
        Resampler.Resampled r = resampler.resample(model, weights, locations, rng);
        if (r.locations().nModels() != nParticles || r.locations().nParams() != nParams) {
            throw new IllegalStateException(resampler + " returned " + r.locations() + " for " + nParticles
                    + " particles of " + nParams + " parameters");
        }
        weights = r.weights();
        locations = canonicalize(r.locations());
        try {
            model.clearCache();
        } catch (RuntimeException e) {
            LOG.warn("Exception raised when clearing model cache: {}. Ignoring.", e.toString());
        }
    }

    /**
     * Starts again from the prior: new locations drawn from it (canonicalised), weights {@code 1/n}. The data and
     * normalisation records, the resample count and {@code minEss} are kept, as in QInfer's {@code reset()}.
     */
    public void reset() {
        double[] w = new double[nParticles];
        Arrays.fill(w, 1.0 / nParticles);
        ModelParams drawn = prior.sample(nParticles, rng);
        if (drawn.nModels() != nParticles || drawn.nParams() != nParams) {
            throw new IllegalStateException(prior + " returned " + drawn + " for " + nParticles + " draws");
        }
        locations = canonicalize(drawn);
        weights = w;
    }

    /**
     * A copy of everything later updates depend on, for a checkpoint (docs/run-store.md).
     *
     * @throws UnsupportedOperationException if the updater's stream cannot save its state
     */
    public SmcState state() {
        return new SmcState(
                locations,
                weights.clone(),
                resampleCount,
                minEss,
                justResampled,
                dataRecord(),
                normalizationRecord(),
                rng.state());
    }

    /**
     * Puts this updater in {@code state}, taken by {@link #state()} from an updater with the same settings, and
     * calls {@link Model#clearCache()} (an exception from it is logged and ignored): later updates then give what
     * they gave after the state was taken.
     *
     * @throws ParameterException if the state's particles do not match this updater's number and dimension
     * @throws IllegalStateException if the stream state is not one of this updater's stream family
     */
    public void restore(SmcState state) {
        if (state.locations().nModels() != nParticles
                || state.locations().nParams() != nParams
                || state.weights().length != nParticles) {
            throw ParameterException.because("the SMC state has "
                    + state.locations().nModels() + " particles of "
                    + state.locations().nParams() + " parameters and " + state.weights().length + " weights; this"
                    + " updater has " + nParticles + " particles of " + nParams + " parameters");
        }
        rng.restore(state.rng());
        locations = state.locations();
        weights = state.weights().clone();
        resampleCount = state.resampleCount();
        minEss = state.minEss();
        justResampled = state.justResampled();
        nData = state.dataRecord().length;
        dataRecord = Arrays.copyOf(state.dataRecord(), Math.max(16, nData));
        nNorm = state.normalizationRecord().length;
        normalizationRecord = Arrays.copyOf(state.normalizationRecord(), Math.max(16, nNorm));
        try {
            model.clearCache();
        } catch (RuntimeException e) {
            LOG.warn("Exception raised when clearing model cache: {}. Ignoring.", e.toString());
        }
    }

    private ModelParams canonicalize(ModelParams mps) {
        ModelParams c = canonicalizer.apply(mps);
        if (c.nModels() != mps.nModels() || c.nParams() != mps.nParams()) {
            throw new IllegalStateException("the canonicalizer turned " + mps + " into " + c);
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------- estimates

    /**
     * Effective sample size {@code 1 / sum_j w_j^2} (QInfer's {@code n_ess}), computed as
     * {@code (sum_j v_j)^2 / sum_j v_j^2} with {@code v_j = w_j / max_k w_k}: the same number for weights that sum
     * to 1, but exactly {@code n} for uniform weights (every {@code v_j} is 1 and both sums are whole numbers),
     * where {@code 1 / (n (1/n)^2)} rounds (999.99999999998 for n = 1000). +infinity if every weight is 0, as
     * {@code 1 / 0} in QInfer.
     */
    public double nEss() {
        double max = 0;
        for (double w : weights) {
            max = Math.max(max, w);
        }
        if (max == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double s1 = 0;
        double s2 = 0;
        for (double w : weights) {
            double v = w / max;
            s1 += v;
            s2 += v * v;
        }
        return s1 * s1 / s2;
    }

    /** Posterior mean {@code mu_p = sum_j w_j x_jp}, length {@code d}. */
    public double[] estMean() {
        return WeightedParticles.mean(weights, locations);
    }

    /**
     * Posterior covariance {@code sum_j w_j x_j x_j^T - mu mu^T}, flat row-major {@code d x d}, exactly symmetric.
     * Logs a warning if rounding leaves it with a negative eigenvalue (QInfer's PSD check); the matrix is returned
     * as computed.
     */
    public double[] estCovariance() {
        return WeightedParticles.covariance(weights, locations);
    }

    /** Posterior entropy estimate {@code -sum_{w_j > 0} w_j log w_j}; 0 for a single particle. */
    public double estEntropy() {
        double h = 0;
        for (double w : weights) {
            if (w > 0) {
                h -= w * Math.log(w);
            }
        }
        return h;
    }

    /**
     * {@code sum log(norm_k)} over the normalisation record: the log-likelihood of all data so far under the
     * sequence of posteriors; 0 before any datum, -infinity if a recorded normalisation is 0.
     */
    public double logTotalLikelihood() {
        double s = 0;
        for (int k = 0; k < nNorm; k++) {
            s += Math.log(normalizationRecord[k]);
        }
        return s;
    }

    /**
     * {@code n} draws from the current posterior: for each, {@code u = rng.nextDouble()} and the particle
     * {@code min(cumsum(w).searchsorted(u, 'right'), nParticles - 1)}; an {@code n x d} matrix.
     *
     * @throws ParameterException if {@code n < 0}
     */
    public ModelParams sample(int n) {
        Require.nonNegative("n", n);
        double[] cdf = WeightedParticles.cumulative(weights);
        double[] out = new double[Math.multiplyExact(n, nParams)];
        for (int i = 0; i < n; i++) {
            int j = WeightedParticles.searchRight(cdf, rng.nextDouble());
            for (int p = 0; p < nParams; p++) {
                out[i * nParams + p] = locations.get(j, p);
            }
        }
        return ModelParams.adopt(n, nParams, out);
    }

    /**
     * The current weighted cloud as a {@link Sample} named by the model's parameters, for export and plots.
     *
     * @throws ParameterException if every weight is zero (possible only under {@link ZeroWeightPolicy#IGNORE} or
     *     {@link ZeroWeightPolicy#WARN})
     */
    public Sample posterior() {
        return Sample.weighted(model.modelParamNames(), nParticles, locations.toArray(), weights);
    }

    // ------------------------------------------------------------------------------------------- accessors

    public Model model() {
        return model;
    }

    public Prior prior() {
        return prior;
    }

    public Resampler resampler() {
        return resampler;
    }

    public int nParticles() {
        return nParticles;
    }

    public double resampleThreshold() {
        return resampleThreshold;
    }

    public ZeroWeightPolicy zeroWeightPolicy() {
        return zeroWeightPolicy;
    }

    public double zeroWeightThreshold() {
        return zeroWeightThreshold;
    }

    /** The particle locations, {@code nParticles x d} (immutable). */
    public ModelParams particleLocations() {
        return locations;
    }

    /** A copy of the particle weights. */
    public double[] particleWeights() {
        return weights.clone();
    }

    /** How many times the cloud was resampled. */
    public int resampleCount() {
        return resampleCount;
    }

    /** Whether no datum arrived since the last resampling (false before the first one). */
    public boolean justResampled() {
        return justResampled;
    }

    /** The smallest {@link #nEss()} seen after an update; {@code nParticles} before the first. */
    public double minEss() {
        return minEss;
    }

    /** A copy of the outcomes given to the updates, in order (including updates a SKIP or RESET dropped). */
    public int[] dataRecord() {
        return Arrays.copyOf(dataRecord, nData);
    }

    /** A copy of the normalisations {@code norm} of the applied updates, in order. */
    public double[] normalizationRecord() {
        return Arrays.copyOf(normalizationRecord, nNorm);
    }

    private void appendData(int outcome) {
        if (nData == dataRecord.length) {
            dataRecord = Arrays.copyOf(dataRecord, 2 * nData);
        }
        dataRecord[nData++] = outcome;
    }

    private void appendNormalization(double norm) {
        if (nNorm == normalizationRecord.length) {
            normalizationRecord = Arrays.copyOf(normalizationRecord, 2 * nNorm);
        }
        normalizationRecord[nNorm++] = norm;
    }

    @Override
    public String toString() {
        return "SmcUpdater[" + model.name() + ", " + nParticles + " particles, " + nData + " data, " + resampleCount
                + " resamplings]";
    }

    /** Options of an {@link SmcUpdater}; every setter validates its value, {@link #build} the combination. */
    public static final class Builder {
        private final Model model;
        private final int nParticles;
        private final Prior prior;
        private Resampler resampler = LiuWestResampler.of();
        private double resampleThreshold = DEFAULT_RESAMPLE_THRESHOLD;
        private ZeroWeightPolicy zeroWeightPolicy = ZeroWeightPolicy.ERROR;
        private double zeroWeightThreshold = DEFAULT_ZERO_WEIGHT_THRESHOLD;
        private UnaryOperator<ModelParams> canonicalizer = UnaryOperator.identity();
        private RandomStream rng;

        private Builder(Model model, int nParticles, Prior prior) {
            this.model = Objects.requireNonNull(model, "model");
            this.nParticles = Require.positive("nParticles", nParticles);
            this.prior = Objects.requireNonNull(prior, "prior");
            if (prior.nParams() != model.nModelParams()) {
                throw ParameterException.because("the prior has " + prior.nParams() + " parameters but " + model.name()
                        + " has " + model.nModelParams());
            }
        }

        /** Default: {@link LiuWestResampler#of()} ({@code a = 0.98}). */
        public Builder resampler(Resampler resampler) {
            this.resampler = Objects.requireNonNull(resampler, "resampler");
            return this;
        }

        /** Resample iff {@code nEss < nParticles * threshold}; in [0, 1], default 0.5. */
        public Builder resampleThreshold(double threshold) {
            this.resampleThreshold = Require.inClosedRange("resampleThreshold", threshold, 0, 1);
            return this;
        }

        /** Default {@link ZeroWeightPolicy#ERROR}. */
        public Builder zeroWeightPolicy(ZeroWeightPolicy policy) {
            this.zeroWeightPolicy = Objects.requireNonNull(policy, "zeroWeightPolicy");
            return this;
        }

        /** Weights summing to at most this count as all zero; finite, {@code >= 0}, default {@code 10 eps}. */
        public Builder zeroWeightThreshold(double threshold) {
            this.zeroWeightThreshold = Require.nonNegative("zeroWeightThreshold", threshold);
            return this;
        }

        /**
         * Maps particle locations to canonical ones (QInfer's {@code model.canonicalize}) after every prior draw and
         * resampling; must keep the shape. Default: the identity.
         */
        public Builder canonicalizer(UnaryOperator<ModelParams> canonicalizer) {
            this.canonicalizer = Objects.requireNonNull(canonicalizer, "canonicalizer");
            return this;
        }

        /** The stream every random draw of the updater comes from. Required, unless {@link #seed} is given. */
        public Builder rng(RandomStream rng) {
            this.rng = Objects.requireNonNull(rng, "rng");
            return this;
        }

        /** Shorthand for {@code rng(RandomStreams.of(RngFamily.FAST, seed).root())}. */
        public Builder seed(long seed) {
            return rng(RandomStreams.of(RngFamily.FAST, seed).root());
        }

        /**
         * Draws the initial particles from the prior.
         *
         * @throws ParameterException if no stream was given
         */
        public SmcUpdater build() {
            if (rng == null) {
                throw ParameterException.because("SmcUpdater needs a random stream: call rng(stream) or seed(long)");
            }
            return new SmcUpdater(this);
        }
    }
}
