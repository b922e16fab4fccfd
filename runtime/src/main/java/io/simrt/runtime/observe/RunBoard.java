package io.simrt.runtime.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Where a run stands, for the dashboard: fed by the command that runs it (from its progress and journal, on the
 * inference thread), read by the page. It keeps counts, the threshold and effective sample size of each
 * population, and the last {@value #MAX_POINTS} parameter rows the run took in, the points of the pair plot. A
 * finished run stays here until another begins.
 */
public final class RunBoard {
    /** Rows of parameters kept for the pair plot. */
    public static final int MAX_POINTS = 1000;

    private final LongConsumer simulated;
    private String kind = "";
    private String model = "";
    private List<String> names = List.of();
    private String state = "idle";
    private long batchesDone;
    private long batchesTotal;
    private long simulations;
    private long accepted;
    private long kept;
    private final List<Map<String, Object>> populations = new ArrayList<>();
    private final List<double[]> ess = new ArrayList<>();
    private double[] ring = new double[0];
    private int ringRows;
    private int ringNext;
    private long version;
    private long began;
    private long ended;

    /** @param simulated told how many simulations each batch ran (the node's simrt_simulations_total) */
    public RunBoard(LongConsumer simulated) {
        this.simulated = simulated;
    }

    /**
     * A run begins; what the board held is dropped.
     *
     * @param kind  the command ({@code abc}, {@code abc-smc}, {@code smc})
     * @param model the model's name as the user gave it (only its last path segment is shown)
     */
    public synchronized void begin(String kind, String model, List<String> parameterNames) {
        this.kind = kind;
        int slash = Math.max(model.lastIndexOf('/'), model.lastIndexOf('\\'));
        this.model = model.substring(slash + 1);
        this.names = List.copyOf(parameterNames);
        state = "running";
        batchesDone = batchesTotal = simulations = accepted = kept = 0;
        populations.clear();
        ess.clear();
        ring = new double[MAX_POINTS * Math.max(1, names.size())];
        ringRows = ringNext = 0;
        began = System.currentTimeMillis();
        ended = 0;
        version++;
    }

    /** Batches consumed so far of the current estimate of the total. */
    public synchronized void batches(long done, long total) {
        batchesDone = done;
        batchesTotal = total;
        version++;
    }

    /**
     * A batch was merged.
     *
     * @param size     its simulations
     * @param accepted of them, those under the run's threshold (0 without one)
     * @param params   the rows it added to the run's sample so far, row-major, {@code nParams} each
     */
    public void batch(int size, long accepted, int nParams, double[] params) {
        synchronized (this) {
            simulations += size;
            this.accepted += accepted;
            int rows = nParams == 0 ? 0 : params.length / nParams;
            kept += rows;
            if (nParams == names.size() && nParams > 0) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(params, r * nParams, ring, ringNext * nParams, nParams);
                    ringNext = (ringNext + 1) % MAX_POINTS;
                    ringRows = Math.min(MAX_POINTS, ringRows + 1);
                }
            }
            version++;
        }
        simulated.accept(size);
    }

    /**
     * A population of ABC-SMC is done: its rows replace the plot's points.
     *
     * @param params its rows, row-major
     */
    public synchronized void population(int round, double threshold, long simulations, double ess, double[] params) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("round", round);
        p.put("threshold", threshold);
        p.put("simulations", simulations);
        p.put("ess", ess);
        int rows = names.isEmpty() ? 0 : params.length / names.size();
        p.put("acceptanceRate", simulations == 0 ? 0.0 : (double) rows / simulations);
        populations.add(p);
        ringRows = ringNext = 0;
        int n = names.size();
        for (int r = Math.max(0, rows - MAX_POINTS); r < rows && n > 0; r++) {
            System.arraycopy(params, r * n, ring, ringNext * n, n);
            ringNext = (ringNext + 1) % MAX_POINTS;
            ringRows = Math.min(MAX_POINTS, ringRows + 1);
        }
        version++;
    }

    /**
     * SMC's particle cloud now: it replaces the plot's points with at most {@value #MAX_POINTS} particles drawn by
     * systematic resampling on the weights (no random numbers: the same cloud always gives the same points), so the
     * plot shows the posterior, not the prior's leftovers of weight near zero.
     *
     * @param locations row-major, {@code weights.length} rows
     * @param weights   the particles' weights (need not sum to 1; all zero shows nothing)
     */
    public synchronized void particles(double[] locations, double[] weights) {
        int n = names.size();
        ringRows = ringNext = 0;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (n > 0 && total > 0 && locations.length == weights.length * n) {
            int draws = Math.min(MAX_POINTS, weights.length);
            double step = total / draws;
            double next = step / 2;
            double cumulative = 0;
            for (int i = 0; i < weights.length && ringRows < draws; i++) {
                cumulative += weights[i];
                while (next < cumulative && ringRows < draws) {
                    System.arraycopy(locations, i * n, ring, ringRows * n, n);
                    ringRows++;
                    next += step;
                }
            }
            ringNext = ringRows % MAX_POINTS;
        }
        version++;
    }

    /** An SMC update: the effective sample size after update {@code step}. */
    public synchronized void smcStep(int step, double effectiveSampleSize) {
        ess.add(new double[] {step, effectiveSampleSize});
        if (ess.size() > 2000) {
            ess.subList(0, ess.size() - 1000).clear();
        }
        version++;
    }

    /** The run ended: {@code done}, or {@code failed}. */
    public synchronized void finished(boolean ok) {
        state = ok ? "finished" : "failed";
        ended = System.currentTimeMillis();
        version++;
    }

    /** The parameter names and the plot's points, oldest first. */
    public synchronized Points points() {
        int n = names.size();
        double[][] rows = new double[ringRows][];
        int start = ringRows < MAX_POINTS ? 0 : ringNext;
        for (int i = 0; i < ringRows; i++) {
            int r = (start + i) % MAX_POINTS;
            rows[i] = new double[n];
            System.arraycopy(ring, r * n, rows[i], 0, n);
        }
        return new Points(names, rows);
    }

    /** What the plot draws. */
    public record Points(List<String> names, double[][] rows) {}

    /** The run as the page shows it. */
    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", kind);
        o.put("model", model);
        o.put("state", state);
        o.put("parameters", names);
        o.put("batchesDone", batchesDone);
        o.put("batchesTotal", batchesTotal);
        o.put("simulations", simulations);
        o.put("accepted", accepted);
        o.put("acceptanceRate", simulations == 0 ? 0.0 : (double) (accepted > 0 ? accepted : kept) / simulations);
        o.put("populations", List.copyOf(populations));
        o.put("ess", ess.isEmpty() ? null : ess.get(ess.size() - 1)[1]);
        o.put("points", ringRows);
        long end = ended == 0 ? System.currentTimeMillis() : ended;
        o.put("seconds", began == 0 ? 0.0 : (end - began) / 1000.0);
        o.put("version", version);
        return o;
    }

    /** The effective sample size after each SMC update so far, {@code [step, ess]}. */
    public synchronized List<double[]> essSeries() {
        return List.copyOf(ess);
    }
}
