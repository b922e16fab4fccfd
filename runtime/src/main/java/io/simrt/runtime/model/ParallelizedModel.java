package io.simrt.runtime.model;

import io.simrt.api.Futures;
import io.simrt.api.Partitions;
import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelArguments;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.protocol.ExpTable;
import io.simrt.runtime.protocol.Matrix;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * QInfer's {@code DirectViewParallelizedModel} on simrt engines: the same contract as the model it wraps, with
 * likelihoods split by model parameters and simulations split by model parameters or by experiments over the
 * client's engines (docs/python-semantics.md §2). Results equal the serial call for any number of engines: shards are
 * joined on the axis they were cut along (QInfer joined simulations on the wrong axis; see the regression test).
 *
 * <p>Below {@link #serialThreshold()} rows on the split axis ({@code <=}, default {@code 10 x engines}, fixed at
 * construction as in QInfer) the underlying model runs here. Above it, the default model ({@link #of(Model,
 * RuntimeClient)}) sends a call out only when the measured costs say it pays ({@link AdaptivePolicy}); a model
 * built with an explicit threshold follows QInfer's rule exactly. The wrapped model is installed on each engine once,
 * by id; {@link #clearCache()} makes the engines drop it (and everything else they hold). Call counters count each
 * call once, here.
 *
 * <p>Simulations draw one 64-bit key from the caller's stream and simulate fixed blocks of
 * {@link #simulationBlockSize()} rows, block {@code b} with {@code RandomStreams.of(family, key).block(b)}: the same
 * numbers whatever the number of engines or the serial threshold, though not the numbers the wrapped model would
 * draw from the caller's stream directly.
 */
public final class ParallelizedModel implements Model {
    /** Rows per simulation block (the unit of randomness, independent of engines). */
    public static final int DEFAULT_SIMULATION_BLOCK = 256;

    private final Model underlying;
    private final RuntimeClient client;
    private final String modelId;
    private final int nEngines;
    private final int serialThreshold;
    private final int blockSize;
    private final long shardBytesLimit;
    private final AdaptivePolicy likelihoodPolicy;
    private final AdaptivePolicy simulationPolicy;
    private final AtomicBoolean sentSincePurge = new AtomicBoolean();
    private final LongAdder likelihoodCalls = new LongAdder();
    private final LongAdder simulations = new LongAdder();

    private ParallelizedModel(
            Model underlying, RuntimeClient client, int serialThreshold, int blockSize, boolean adaptive) {
        this.underlying = underlying;
        this.client = client;
        this.nEngines = client.engines();
        this.serialThreshold = serialThreshold >= 0
                ? serialThreshold
                : client.settings().parallelModel().serialThresholdFactor() * nEngines;
        this.blockSize = Require.positive("simulationBlockSize", blockSize);
        this.modelId = client.register(underlying.spec());
        // Keep every shard well inside one remote frame (requests and replies alike).
        this.shardBytesLimit = 8L << 20;
        this.likelihoodPolicy = adaptive ? new AdaptivePolicy() : null;
        this.simulationPolicy = adaptive ? new AdaptivePolicy() : null;
    }

    /**
     * Wraps {@code underlying} with QInfer's serial threshold ({@code 10 x engines}) and, above it, the
     * {@link AdaptivePolicy}: a call goes to the engines only when that is expected to be faster, so a cheap model
     * is never slowed down by being parallelized.
     */
    public static ParallelizedModel of(Model underlying, RuntimeClient client) {
        return new ParallelizedModel(underlying, client, -1, DEFAULT_SIMULATION_BLOCK, true);
    }

    /**
     * QInfer's exact rule: calls with more than {@code serialThreshold} rows on the split axis go to the engines,
     * the others run here.
     */
    public static ParallelizedModel of(Model underlying, RuntimeClient client, int serialThreshold) {
        Require.nonNegative("serialThreshold", serialThreshold);
        return new ParallelizedModel(underlying, client, serialThreshold, DEFAULT_SIMULATION_BLOCK, false);
    }

    /** QInfer's rule with the simulation block size too (part of a simulation's reproducibility key). */
    public static ParallelizedModel of(Model underlying, RuntimeClient client, int serialThreshold, int blockSize) {
        Require.nonNegative("serialThreshold", serialThreshold);
        return new ParallelizedModel(underlying, client, serialThreshold, blockSize, false);
    }

    /** Whether calls above the threshold are sent out only when expected to pay ({@link #of(Model, RuntimeClient)}). */
    public boolean adaptive() {
        return likelihoodPolicy != null;
    }

    public Model underlying() {
        return underlying;
    }

    /** Engines owned when this model was built (QInfer's {@code n_engines}). */
    public int nEngines() {
        return nEngines;
    }

    public int serialThreshold() {
        return serialThreshold;
    }

    public int simulationBlockSize() {
        return blockSize;
    }

    // ---- the model contract -----------------------------------------------------------------------------------

    @Override
    public Tensor3 likelihood(int[] outcomes, ModelParams mps, ExpParams eps) {
        ModelArguments.requireShapes(underlying, mps, eps);
        ModelArguments.requireOutcomes(underlying, outcomes, eps);
        long cells = (long) outcomes.length * mps.nModels() * eps.nExps();
        likelihoodCalls.add(cells);
        int n = mps.nModels();
        if (n <= serialThreshold || nEngines == 0) {
            return underlying.likelihood(outcomes, mps, eps);
        }
        if (likelihoodPolicy != null && !likelihoodPolicy.parallel(cells, nEngines)) {
            long t0 = System.nanoTime();
            Tensor3 here = underlying.likelihood(outcomes, mps, eps);
            likelihoodPolicy.recordSerial(cells, System.nanoTime() - t0);
            return here;
        }
        int[] outs = outcomes.clone();
        ExpTable table = ExpTable.of(eps);
        long rowBytes = 9L * (mps.nParams() + (long) outcomes.length * eps.nExps());
        Plan<Tensor3> plan = new Plan<>(
                "likelihood of " + n + " models x " + eps.nExps() + " experiments",
                engines -> {
                    List<Work> shards = new ArrayList<>();
                    for (int[] r : partition(n, shardCount(n, engines, rowBytes))) {
                        shards.add(new Work.Likelihood(modelId, outs, Matrix.of(mps.rows(r[0], r[1])), table));
                    }
                    return shards;
                },
                results -> join(results, 1));
        return run(plan, cells, likelihoodPolicy);
    }

    private Tensor3 run(Plan<Tensor3> plan, long cells, AdaptivePolicy policy) {
        sentSincePurge.set(true);
        long t0 = System.nanoTime();
        CompletableFuture<RuntimeClient.Answer<Tensor3>> request = client.submitDetailed(plan);
        RuntimeClient.Answer<Tensor3> answer;
        try {
            answer = Futures.await(request, plan.description());
        } finally {
            request.cancel(true); // an interrupted caller withdraws what is still queued
        }
        if (policy != null) {
            policy.recordParallel(cells, nEngines, answer.shards(), System.nanoTime() - t0, answer.engineNanos());
        }
        return answer.value();
    }

    @Override
    public Tensor3 simulateExperiment(ModelParams mps, ExpParams eps, int repeat, RandomStream rng) {
        return simulateExperiment(mps, eps, repeat, rng, true);
    }

    /**
     * Simulates, split by model parameters ({@code splitByModelParams}) or by experiments.
     *
     * @return {@code data[repeat][model][experiment]}, joined on the model axis or the experiment axis
     */
    public Tensor3 simulateExperiment(
            ModelParams mps, ExpParams eps, int repeat, RandomStream rng, boolean splitByModelParams) {
        ModelArguments.requireShapes(underlying, mps, eps);
        Require.positive("repeat", repeat);
        long cells = (long) mps.nModels() * eps.nExps() * repeat;
        simulations.add(cells);
        RngFamily family = rng.family();
        long key = family == RngFamily.ELFI ? rng.nextLong() & 0xFFFFFFFFL : rng.nextLong();
        int n = splitByModelParams ? mps.nModels() : eps.nExps();
        if (n <= serialThreshold || nEngines == 0) {
            return Work.simulateBlocks(underlying, mps, eps, repeat, family, key, 0, blockSize, splitByModelParams);
        }
        if (simulationPolicy != null && !simulationPolicy.parallel(cells, nEngines)) {
            long t0 = System.nanoTime();
            Tensor3 here =
                    Work.simulateBlocks(underlying, mps, eps, repeat, family, key, 0, blockSize, splitByModelParams);
            simulationPolicy.recordSerial(cells, System.nanoTime() - t0);
            return here;
        }
        int blocks = (n + blockSize - 1) / blockSize;
        long blockBytes = 9L
                * blockSize
                * (splitByModelParams
                        ? mps.nParams() + (long) repeat * eps.nExps()
                        : eps.layout().size() + (long) repeat * mps.nModels());
        Plan<Tensor3> plan = new Plan<>(
                "simulation of " + mps.nModels() + " models x " + eps.nExps() + " experiments x " + repeat,
                engines -> {
                    List<Work> shards = new ArrayList<>();
                    for (int[] r : partition(blocks, shardCount(blocks, engines, blockBytes))) {
                        int from = r[0] * blockSize;
                        int to = Math.min(n, r[1] * blockSize);
                        Matrix m = Matrix.of(splitByModelParams ? mps.rows(from, to) : mps);
                        ExpTable e = ExpTable.of(splitByModelParams ? eps : eps.rows(from, to));
                        shards.add(new Work.Simulation(
                                modelId, m, e, repeat, family, key, r[0], blockSize, splitByModelParams));
                    }
                    return shards;
                },
                results -> join(results, splitByModelParams ? 1 : 2));
        return run(plan, cells, simulationPolicy);
    }

    /** Shards: one per engine, more when a shard would exceed the per-shard byte limit, at most one per row. */
    private int shardCount(int rows, int engines, long bytesPerRow) {
        long bySize = (rows * bytesPerRow + shardBytesLimit - 1) / shardBytesLimit;
        return (int) Math.max(1, Math.min(rows, Math.max(engines, bySize)));
    }

    /** numpy's {@code array_split} of {@code n} rows into {@code parts}, empty parts left out. */
    static List<int[]> partition(int n, int parts) {
        List<int[]> out = new ArrayList<>();
        for (int[] r : Partitions.arraySplit(n, parts)) {
            if (r[1] > r[0]) {
                out.add(r);
            }
        }
        return out;
    }

    private static Tensor3 join(List<WorkResult> results, int axis) {
        List<Tensor3> parts = new ArrayList<>(results.size());
        for (WorkResult r : results) {
            parts.add(((WorkResult.Tensor) r).tensor().toTensor());
        }
        return parts.size() == 1 ? parts.get(0) : Tensor3.concat(axis, parts);
    }

    /**
     * Clears the wrapped model's cache and has the engines purge what they hold (installed models, anything
     * retained). The purge is asked for without waiting (SMC clears the cache after every resampling), and only
     * when something was sent to the engines since the last one; the next call that needs the engines installs
     * the model again.
     */
    @Override
    public void clearCache() {
        underlying.clearCache();
        if (sentSincePurge.getAndSet(false)) {
            client.purgeAsync();
        }
    }

    @Override
    public long likelihoodCallCount() {
        return likelihoodCalls.sum();
    }

    @Override
    public long simulationCount() {
        return simulations.sum();
    }

    @Override
    public String name() {
        return underlying.name();
    }

    @Override
    public int nModelParams() {
        return underlying.nModelParams();
    }

    @Override
    public List<String> modelParamNames() {
        return underlying.modelParamNames();
    }

    @Override
    public ExpLayout expLayout() {
        return underlying.expLayout();
    }

    @Override
    public boolean isNOutcomesConstant() {
        return underlying.isNOutcomesConstant();
    }

    @Override
    public int nOutcomes(ExpParams eps, int k) {
        return underlying.nOutcomes(eps, k);
    }

    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        return underlying.areModelsValid(mps);
    }

    /** The wrapped model's spec: a parallelized model travels as the model it wraps. */
    @Override
    public ModelSpec<Model> spec() {
        return underlying.spec();
    }

    @Override
    public String toString() {
        return "ParallelizedModel[" + underlying.name() + ", " + nEngines + " engines, serial <= " + serialThreshold
                + (adaptive() ? ", adaptive: " + likelihoodPolicy : "") + "]";
    }
}
