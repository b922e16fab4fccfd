package io.simrt.models.abc;

import io.simrt.models.ModelSpec;
import io.simrt.models.NumpySums;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link AbcModel} {@link AbcBuilder} builds. Per batch the stream is consumed in ELFI's node order: every prior
 * in column order ({@link Prior#sample}), then the simulator row by row (or the batch simulator once). Each row's
 * data is reduced to the summary vector, then to the distance to the observed summaries.
 *
 * <p>Immutable and thread-safe if its parts are; every call allocates its own scratch once (a parameter row and a
 * summary vector; for the batch form a data row) and reuses it for every row. The batch form's data buffer is kept per
 * thread and reused from batch to batch, so a simulator must not call back into the model that is calling it.
 *
 * <p>Closing the model closes its simulator if that is {@link AutoCloseable} (an external simulator lets go of its
 * workers): the runtime closes the models an engine built when the engine is released or purged.
 */
final class DefinedAbcModel implements AbcModel, AutoCloseable {
    private final String name;
    private final List<String> parameterNames;
    private final int nParams;
    private final Prior[] priors;
    private final int[] columns;
    private final Simulator simulator;
    private final Simulator.Batch batchSimulator;
    private final int dataLength;
    private final List<String> summaryNames;
    private final Summary[] summaries;
    /** {@code autocovPairs[k]}: summaries k and k + 1 are autocov(1) and autocov(2), computed in one pass. */
    private final boolean[] autocovPairs;

    private final double[] observedData;
    private final double[] observedSummaries;
    private final OnSimulationError onError;
    private final Distance distance;
    private final ModelSpec<AbcModel> spec;
    /**
     * The batch form's data buffer, one per thread, kept between batches: a batch of 10,000 rows of 100 values is 8 MB,
     * which allocated per call costs a zeroing pass and a large-object allocation every batch.
     */
    private final ThreadLocal<double[]> batchBuffer = new ThreadLocal<>();

    /** Without distance and spec yet: enough to run a pilot ({@link #simulateSummaries}). */
    DefinedAbcModel(
            String name,
            List<String> parameterNames,
            List<Prior> priors,
            Simulator simulator,
            Simulator.Batch batchSimulator,
            int dataLength,
            List<String> summaryNames,
            List<Summary> summaries,
            double[] observedData,
            OnSimulationError onError) {
        this.name = name;
        this.parameterNames = List.copyOf(parameterNames);
        this.nParams = parameterNames.size();
        this.priors = priors.toArray(new Prior[0]);
        this.columns = new int[this.priors.length];
        for (int j = 1; j < columns.length; j++) {
            columns[j] = columns[j - 1] + this.priors[j - 1].dimension();
        }
        this.simulator = simulator;
        this.batchSimulator = batchSimulator;
        this.dataLength = dataLength;
        this.summaryNames = List.copyOf(summaryNames);
        this.summaries = summaries.toArray(new Summary[0]);
        this.autocovPairs = autocovPairs(this.summaries);
        this.observedData = observedData;
        this.onError = onError;
        this.observedSummaries = new double[this.summaries.length];
        for (int k = 0; k < this.summaries.length; k++) {
            double s = this.summaries[k].of(observedData.clone());
            if (!Double.isFinite(s)) {
                throw ParameterException.of(
                        "summary '" + this.summaryNames.get(k) + "' of the observed data", s, "must be finite");
            }
            observedSummaries[k] = s;
        }
        this.distance = null;
        this.spec = null;
    }

    private DefinedAbcModel(DefinedAbcModel core, Distance distance, ModelSpec<AbcModel> spec) {
        this.name = core.name;
        this.parameterNames = core.parameterNames;
        this.nParams = core.nParams;
        this.priors = core.priors;
        this.columns = core.columns;
        this.simulator = core.simulator;
        this.batchSimulator = core.batchSimulator;
        this.dataLength = core.dataLength;
        this.summaryNames = core.summaryNames;
        this.summaries = core.summaries;
        this.autocovPairs = core.autocovPairs;
        this.observedData = core.observedData;
        this.observedSummaries = core.observedSummaries;
        this.onError = core.onError;
        this.distance = distance;
        this.spec = spec;
    }

    @Override
    public double[] observedSummaries() {
        return observedSummaries.clone();
    }

    @Override
    public void close() throws Exception {
        Object sim = batchSimulator != null ? batchSimulator : simulator;
        if (sim instanceof AutoCloseable c) {
            c.close();
        }
    }

    /** This model with its distance and spec. */
    DefinedAbcModel finish(Distance distance, ModelSpec<AbcModel> spec) {
        return new DefinedAbcModel(this, distance, spec);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> parameterNames() {
        return parameterNames;
    }

    @Override
    public int nParams() {
        return nParams;
    }

    List<String> summaryNames() {
        return summaryNames;
    }

    OnSimulationError onSimulationError() {
        return onError;
    }

    /**
     * Every prior in column order draws its columns for all {@code batchSize} rows (ELFI's order: column by column).
     *
     * @throws ParameterException if {@code batchSize < 1} or {@code paramsOut} is shorter than
     *     {@code batchSize * nParams}
     */
    @Override
    public void samplePrior(int batchSize, RandomStream rng, double[] paramsOut) {
        Require.positive("batchSize", batchSize);
        checkLength("paramsOut", paramsOut, batchSize, nParams);
        for (int j = 0; j < priors.length; j++) {
            priors[j].sample(batchSize, rng, paramsOut, nParams, columns[j]);
        }
    }

    /**
     * {@code 1.0 * density_0 * density_1 * ...}: the product of the priors' densities at row {@code row}, in column
     * order; 0 outside the support.
     *
     * @throws ParameterException if {@code row} does not index a full row of {@code params}
     */
    @Override
    public double priorDensity(double[] params, int row) {
        if (row < 0 || (long) (row + 1) * nParams > params.length) {
            throw ParameterException.of(
                    "row",
                    row,
                    "must index a full row of params (" + params.length + " values, rows of " + nParams + ")");
        }
        double density = 1.0;
        int off = row * nParams;
        for (int j = 0; j < priors.length; j++) {
            density *= priors[j].density(params, off + columns[j]);
        }
        return density;
    }

    /**
     * Simulates every row in order, reduces its data to the summary vector {@code s} and writes
     * {@code distancesOut[r] = distance.between(s, observedSummaries)}. A row whose simulator, summary or distance
     * throws fails the batch with a {@link SimulationException} naming the row and its parameters, or under
     * {@link OnSimulationError#SKIP} gets distance NaN (NaN distances are never accepted and are counted as skipped).
     *
     * @throws ParameterException if {@code batchSize < 1} or an array is too short
     */
    @Override
    public void simulateDistances(double[] params, int batchSize, RandomStream rng, double[] distancesOut) {
        Require.positive("batchSize", batchSize);
        checkLength("params", params, batchSize, nParams);
        checkLength("distancesOut", distancesOut, batchSize, 1);
        run(params, batchSize, rng, distancesOut, null);
    }

    /**
     * Like {@link #simulateDistances} but writes the summary vectors, row-major {@code batchSize x nSummaries}
     * (NaN for a skipped row).
     */
    void simulateSummaries(double[] params, int batchSize, RandomStream rng, double[] summariesOut) {
        Require.positive("batchSize", batchSize);
        checkLength("params", params, batchSize, nParams);
        checkLength("summariesOut", summariesOut, batchSize, summaries.length);
        run(params, batchSize, rng, null, summariesOut);
    }

    @Override
    public int nSummaries() {
        return summaries.length;
    }

    @Override
    public void simulateSummaries(
            double[] params, int batchSize, RandomStream rng, double[] summariesOut, double[] distancesOut) {
        Require.positive("batchSize", batchSize);
        checkLength("params", params, batchSize, nParams);
        checkLength("summariesOut", summariesOut, batchSize, summaries.length);
        checkLength("distancesOut", distancesOut, batchSize, 1);
        run(params, batchSize, rng, distancesOut, summariesOut);
    }

    /** The pilot of an adaptive distance: prior draws and simulations on its own fixed stream, then the scales. */
    double[] pilotScales(AdaptiveDistance adaptive) {
        int n = adaptive.pilotSize();
        RandomStream rng =
                RandomStreams.of(RngFamily.FAST, adaptive.pilotSeed()).block(0);
        double[] params = new double[n * nParams];
        samplePrior(n, rng, params);
        double[] s = new double[n * summaries.length];
        simulateSummaries(params, n, rng, s);
        return AdaptiveDistance.scalesFrom(s, n, summaryNames);
    }

    /** Heap held per simulation until the batch ends: the batch form's data buffer; nothing for the function form. */
    @Override
    public long bytesPerSimulation() {
        return batchSimulator == null ? 0 : 8L * dataLength;
    }

    @Override
    public ModelSpec<AbcModel> spec() {
        return spec;
    }

    private void run(double[] params, int batchSize, RandomStream rng, double[] distancesOut, double[] summariesOut) {
        final double[] s = new double[summaries.length];
        if (batchSimulator == null) {
            final Simulator sim = simulator;
            final double[] theta = new double[nParams];
            for (int r = 0; r < batchSize; r++) {
                System.arraycopy(params, r * nParams, theta, 0, nParams);
                double[] data;
                try {
                    data = sim.simulate(theta, rng);
                    if (data == null) {
                        throw new NullPointerException("the simulator returned null");
                    }
                } catch (RuntimeException e) {
                    failOrSkip("simulator", r, params, e, distancesOut, summariesOut);
                    continue;
                }
                reduce(r, data, 0, data.length, null, s, params, distancesOut, summariesOut);
            }
            return;
        }
        final int len = dataLength;
        if ((long) batchSize * len > Integer.MAX_VALUE - 8) {
            throw ParameterException.because("a batch of " + batchSize + " rows of " + len
                    + " simulated values does not fit one array; use smaller batches");
        }
        final double[] data = batchBuffer(batchSize * len);
        try {
            batchSimulator.simulate(params, batchSize, rng, data);
        } catch (RuntimeException e) {
            if (onError == OnSimulationError.FAIL) {
                throw SimulationException.batch(batchSize, e);
            }
            for (int r = 0; r < batchSize; r++) {
                skip(r, distancesOut, summariesOut);
            }
            return;
        }
        final double[] row = new double[len];
        for (int r = 0; r < batchSize; r++) {
            reduce(r, data, r * len, len, row, s, params, distancesOut, summariesOut);
        }
    }

    /** This thread's batch buffer, grown to at least {@code size} values (its contents are left as they are). */
    private double[] batchBuffer(int size) {
        double[] buffer = batchBuffer.get();
        if (buffer == null || buffer.length < size) {
            buffer = new double[size];
            batchBuffer.set(buffer);
        }
        return buffer;
    }

    private static boolean[] autocovPairs(Summary[] sums) {
        boolean[] pairs = new boolean[sums.length];
        for (int k = 0; k + 1 < sums.length; k++) {
            if (sums[k] instanceof Summaries.Autocov a && a.pairsWith(sums[k + 1])) {
                pairs[k] = true;
                k++;
            }
        }
        return pairs;
    }

    /**
     * Summaries of one row's data into {@code s}, then its distance or its summaries out. The row is
     * {@code data[off .. off + len)}; {@code row} is a scratch array of {@code len} values it is copied into for
     * summaries that need an array of their own (autocov pairs read it in place), or null when {@code data} is the
     * row itself.
     */
    private void reduce(
            int r,
            double[] data,
            int off,
            int len,
            double[] row,
            double[] s,
            double[] params,
            double[] distancesOut,
            double[] summariesOut) {
        final Summary[] sums = summaries;
        final boolean[] pairs = autocovPairs;
        double[] whole = row == null ? data : null;
        int k = 0;
        try {
            for (; k < sums.length; k++) {
                if (pairs[k] && len >= 3) {
                    NumpySums.lagProductSums1And2(data, off, len, s, k);
                    s[k] /= len - 1;
                    s[++k] /= len - 2;
                } else {
                    if (whole == null) {
                        System.arraycopy(data, off, row, 0, len);
                        whole = row;
                    }
                    s[k] = sums[k].of(whole);
                }
            }
            if (distancesOut != null) {
                distancesOut[r] = distance.between(s, observedSummaries);
            }
        } catch (RuntimeException e) {
            String what = k < sums.length ? "summary '" + summaryNames.get(k) + "'" : "distance";
            failOrSkip(what, r, params, e, distancesOut, summariesOut);
            return;
        }
        if (summariesOut != null) {
            System.arraycopy(s, 0, summariesOut, r * s.length, s.length);
        }
    }

    private void failOrSkip(
            String what, int r, double[] params, RuntimeException e, double[] distancesOut, double[] summariesOut) {
        if (onError == OnSimulationError.FAIL) {
            throw SimulationException.at(
                    what, r, parameterNames, Arrays.copyOfRange(params, r * nParams, (r + 1) * nParams), e);
        }
        skip(r, distancesOut, summariesOut);
    }

    private void skip(int r, double[] distancesOut, double[] summariesOut) {
        if (distancesOut != null) {
            distancesOut[r] = Double.NaN;
        }
        if (summariesOut != null) {
            Arrays.fill(summariesOut, r * summaries.length, (r + 1) * summaries.length, Double.NaN);
        }
    }

    private static void checkLength(String what, double[] a, int rows, int cols) {
        long need = (long) rows * cols;
        if (a.length < need) {
            throw ParameterException.of(what + ".length", a.length, "must be >= " + rows + " x " + cols + " = " + need);
        }
    }

    @Override
    public String toString() {
        return "AbcModel[" + name + ": " + parameterNames + ", summaries " + summaryNames + ", " + onError + "]";
    }
}
