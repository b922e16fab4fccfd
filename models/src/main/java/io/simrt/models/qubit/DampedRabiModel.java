package io.simrt.models.qubit;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import io.simrt.models.Require;
import io.simrt.models.qinfer.TwoOutcomeLikelihood;
import java.util.Arrays;
import java.util.List;

/**
 * A driven, detuned, dephasing two-level system whose likelihood comes from integrating the Bloch equations
 * numerically for every particle: the model where spreading particles over engines pays, at tens of
 * microseconds per particle-experiment (see {@code LikelihoodBenchmark}).
 *
 * <p>Model parameters {@code (omega, gamma)}: Rabi frequency Ω and dephasing rate γ; a row is valid iff
 * {@code omega > 0} and {@code gamma >= 0}. Experiment layout {@code [t]}, {@code t >= 0}. Constants: the
 * detuning δ ({@code delta}) and the integration grid {@code stepsPerUnitTime}. The Bloch vector
 * r = (x, y, z) starts at (0, 0, 1) and follows
 * <pre>
 *   dx/dt = −γ2·x − δ·y
 *   dy/dt =  δ·x − γ2·y − Ω·z
 *   dz/dt =  Ω·y − γ1·(z − 1),      γ2 = γ,  γ1 = γ/2.
 * </pre>
 * Two outcomes: Pr(0 | Ω, γ; t) = (1 + z(t))/2 clipped to [0, 1], Pr(1) = 1 − Pr(0).
 *
 * <p>Integration: classical RK4 with the fixed step h = 1/stepsPerUnitTime on the global grid {0, h, 2h, ...};
 * z(t) is one partial RK4 step of length {@code t − n·h} from the grid state at n = ⌊t/h⌋. Within one call a
 * particle is integrated once along the grid through the sorted times (cost ∝ max t, not Σ t), and each partial
 * step branches off the grid state without changing it. So the value for a given (particle, t) is bit-identical
 * however the experiments are grouped into calls or shards.
 *
 * <p>Accuracy: RK4's global error is O(h⁴); with the default grid it is far below 1e-9 for |Ω|, |δ|, γ of order 1
 * and t up to 10. Steps with h·max(|Ω|, |δ|, γ) beyond about 2.8 are unstable; the clip then gives 0 or 1, and an
 * integration that overflows to NaN gives NaN.
 *
 * <p>Immutable apart from the call counters; two instances with equal constants are equal.
 */
public final class DampedRabiModel extends FiniteOutcomeModel {
    public static final String NAME = "DampedRabiModel";
    public static final double DEFAULT_DELTA = 0.5;
    /**
     * Default grid: h = 1/400. An RK4 step of this 3-dimensional system is a chain of dependent multiply-adds,
     * about 23 ns on the 2-core development machine (LikelihoodBenchmark), so one experiment costs about 9 µs per
     * particle at t = 1, 50 µs at t = 5.5 and 90 µs at t = 10: the 10 µs per particle-experiment this model is
     * meant to cost, without making a 10,000-particle, 100-experiment SMC run take minutes. RK4's global error is
     * about {@code t Ω^5 h^4 / 120}, below 1e-9 for {@code Ω <= 3} and {@code t <= 10}.
     */
    public static final int DEFAULT_STEPS_PER_UNIT_TIME = 400;
    /** Largest number of grid steps a single experiment may ask for (so the step index is an {@code int}). */
    public static final int MAX_STEPS = Integer.MAX_VALUE - 1;

    private static final List<String> PARAM_NAMES = List.of("omega", "gamma");
    private static final ExpLayout LAYOUT = ExpLayout.of("t");

    private final Spec spec;
    private final double h;
    private final double maxTime;

    private DampedRabiModel(Spec spec) {
        this.spec = spec;
        this.h = 1.0 / spec.stepsPerUnitTime();
        this.maxTime = (double) MAX_STEPS / spec.stepsPerUnitTime();
    }

    /** {@code delta = 0.5}, {@code stepsPerUnitTime = 400}. */
    public static DampedRabiModel of() {
        return of(DEFAULT_DELTA, DEFAULT_STEPS_PER_UNIT_TIME);
    }

    /**
     * @param delta            detuning δ, finite
     * @param stepsPerUnitTime RK4 steps per unit of time (h = 1/stepsPerUnitTime), {@code > 0}
     * @throws ParameterException if {@code delta} is not finite or {@code stepsPerUnitTime <= 0}
     */
    public static DampedRabiModel of(double delta, int stepsPerUnitTime) {
        return new DampedRabiModel(new Spec(delta, stepsPerUnitTime));
    }

    public double delta() {
        return spec.delta();
    }

    public int stepsPerUnitTime() {
        return spec.stepsPerUnitTime();
    }

    /** Largest accepted experiment time, {@code MAX_STEPS / stepsPerUnitTime}. */
    public double maxTime() {
        return maxTime;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int nModelParams() {
        return 2;
    }

    @Override
    public List<String> modelParamNames() {
        return PARAM_NAMES;
    }

    @Override
    public ExpLayout expLayout() {
        return LAYOUT;
    }

    @Override
    public boolean isNOutcomesConstant() {
        return true;
    }

    /** Always 2. */
    @Override
    public int nOutcomes(ExpParams eps, int k) {
        return 2;
    }

    /**
     * {@code valid[j] = omega_j > 0 && gamma_j >= 0}; shape {@code (nModels)}.
     *
     * @throws ParameterException if {@code mps} does not have two columns
     */
    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        mps.requireParams(2, NAME);
        boolean[] valid = new boolean[mps.nModels()];
        for (int j = 0; j < valid.length; j++) {
            valid[j] = mps.get(j, 0) > 0 && mps.get(j, 1) >= 0;
        }
        return valid;
    }

    /** Adds to the base checks: every {@code t} lies in {@code [0, maxTime()]}. */
    @Override
    protected void checkArguments(ModelParams mps, ExpParams eps) {
        super.checkArguments(mps, eps);
        int f = eps.layout().indexOf("t");
        for (int k = 0; k < eps.nExps(); k++) {
            double t = eps.get(k, f);
            if (t < 0) {
                throw ParameterException.of(
                        "expParams[" + k + "].t", t, "must be >= 0 (" + NAME + " integrates forward from time 0)");
            }
            if (t > maxTime) {
                throw ParameterException.of(
                        "expParams[" + k + "].t",
                        t,
                        "must be <= " + maxTime + " (at most " + MAX_STEPS + " steps of 1/" + spec.stepsPerUnitTime()
                                + ")");
            }
        }
    }

    /**
     * Pr(0) = clip((1 + z(t))/2, 0, 1) per (particle, experiment), by RK4 as described on the class. Per call the
     * experiments are sorted by time once; per particle the grid is walked once up to the largest time.
     */
    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] t = eps.column("t");
        int steps = spec.stepsPerUnitTime();
        // Grid index n_k = floor(t_k / h) and partial step dt_k = t_k - n_k h >= 0, the same for t_k in any call.
        int[] grid = new int[nE];
        double[] dt = new double[nE];
        for (int k = 0; k < nE; k++) {
            int n = (int) Math.floor(t[k] * steps);
            double rest = t[k] - (double) n / steps;
            if (rest < 0) { // t * steps rounded up to a whole number just above t's grid cell
                n--;
                rest = t[k] - (double) n / steps;
            }
            grid[k] = n;
            dt[k] = rest;
        }
        int[] order = byGridThenIndex(grid);
        double delta = spec.delta();
        double[] pr0 = new double[nM * nE];
        double[] state = new double[3];
        for (int j = 0; j < nM; j++) {
            double omega = mps.get(j, 0);
            double gamma = mps.get(j, 1);
            state[0] = 0;
            state[1] = 0;
            state[2] = 1;
            int at = 0;
            for (int k : order) {
                advance(state, grid[k] - at, h, omega, gamma, delta);
                at = grid[k];
                double z = zAfterStep(state, dt[k], omega, gamma, delta);
                pr0[j * nE + k] = Math.max(0.0, Math.min(1.0, (1 + z) / 2));
            }
        }
        TwoOutcomeLikelihood.fill(outcomes, pr0, out);
    }

    /** Experiment indices sorted by grid index (ties in index order; the order does not affect values). */
    private static int[] byGridThenIndex(int[] grid) {
        long[] keys = new long[grid.length];
        for (int k = 0; k < grid.length; k++) {
            keys[k] = ((long) grid[k] << 32) | k;
        }
        Arrays.sort(keys);
        int[] order = new int[grid.length];
        for (int k = 0; k < grid.length; k++) {
            order[k] = (int) keys[k];
        }
        return order;
    }

    /** {@code nSteps} full RK4 steps of length {@code h}, in place. */
    private static void advance(double[] state, int nSteps, double h, double omega, double gamma, double delta) {
        double x = state[0];
        double y = state[1];
        double z = state[2];
        double g2 = gamma;
        double g1 = gamma / 2;
        double h2 = h / 2;
        double h6 = h / 6;
        for (int s = 0; s < nSteps; s++) {
            double k1x = -g2 * x - delta * y;
            double k1y = delta * x - g2 * y - omega * z;
            double k1z = omega * y - g1 * (z - 1);
            double ax = x + h2 * k1x;
            double ay = y + h2 * k1y;
            double az = z + h2 * k1z;
            double k2x = -g2 * ax - delta * ay;
            double k2y = delta * ax - g2 * ay - omega * az;
            double k2z = omega * ay - g1 * (az - 1);
            double bx = x + h2 * k2x;
            double by = y + h2 * k2y;
            double bz = z + h2 * k2z;
            double k3x = -g2 * bx - delta * by;
            double k3y = delta * bx - g2 * by - omega * bz;
            double k3z = omega * by - g1 * (bz - 1);
            double cx = x + h * k3x;
            double cy = y + h * k3y;
            double cz = z + h * k3z;
            double k4x = -g2 * cx - delta * cy;
            double k4y = delta * cx - g2 * cy - omega * cz;
            double k4z = omega * cy - g1 * (cz - 1);
            x += h6 * (k1x + 2 * k2x + 2 * k3x + k4x);
            y += h6 * (k1y + 2 * k2y + 2 * k3y + k4y);
            z += h6 * (k1z + 2 * k2z + 2 * k3z + k4z);
        }
        state[0] = x;
        state[1] = y;
        state[2] = z;
    }

    /** z after one RK4 step of length {@code dt} from {@code state}, which is left unchanged. */
    private static double zAfterStep(double[] state, double dt, double omega, double gamma, double delta) {
        double[] copy = state.clone();
        advance(copy, 1, dt, omega, gamma, delta);
        return copy[2];
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DampedRabiModel m && m.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    /** Everything that defines a {@link DampedRabiModel}. */
    public record Spec(double delta, int stepsPerUnitTime) implements ModelSpec<Model> {
        public Spec {
            Require.finite("delta", delta);
            Require.positive("stepsPerUnitTime", stepsPerUnitTime);
            delta += 0.0; // -0.0 becomes 0.0, so equal detunings give equal specs
        }

        @Override
        public DampedRabiModel build() {
            return new DampedRabiModel(this);
        }
    }
}
