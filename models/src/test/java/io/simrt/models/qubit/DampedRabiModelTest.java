package io.simrt.models.qubit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.Tensor3;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qinfer.TestStreams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DampedRabiModelTest {
    private static final int[] BOTH = {0, 1};

    @Test
    void describesItself() {
        DampedRabiModel m = DampedRabiModel.of();
        assertEquals("DampedRabiModel", m.name());
        assertEquals(List.of("omega", "gamma"), m.modelParamNames());
        assertEquals(ExpLayout.of("t"), m.expLayout());
        assertEquals(0.5, m.delta());
        assertEquals(DampedRabiModel.DEFAULT_STEPS_PER_UNIT_TIME, m.stepsPerUnitTime());
        assertEquals(2, m.nOutcomes(ExpParams.times(1), 0));
        assertTrue(m.isNOutcomesConstant());
    }

    /**
     * Without detuning and damping the Bloch vector rotates about x: z = cos(Ωt), Pr(0) = cos²(Ωt/2). RK4's global
     * error with h = 1/400 is about t·Ω⁵·h⁴/120, at most 8e-10 here (Ω = 3, t = 10); the tolerance is 1e-9.
     */
    @Test
    void undampedResonantDriveIsSimplePrecession() {
        double[] omegas = {0.3, 1, 2, 3};
        double[] t = {0, 0.37, 1, 2.5, 5, Math.PI, 10};
        double[] rows = new double[omegas.length * 2];
        for (int j = 0; j < omegas.length; j++) {
            rows[2 * j] = omegas[j];
        }
        Tensor3 rabi = DampedRabiModel.of(0, DampedRabiModel.DEFAULT_STEPS_PER_UNIT_TIME)
                .likelihood(BOTH, ModelParams.of(omegas.length, 2, rows), ExpParams.times(t));
        Tensor3 precession =
                SimplePrecessionModel.of().likelihood(BOTH, ModelParams.column(omegas), ExpParams.times(t));
        double[] a = rabi.toArray();
        double[] b = precession.toArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-9, "entry " + i);
        }
    }

    /**
     * With damping and detuning, against an independent solution of the same linear ODE: r(t) = exp(M t) r(0)
     * for the 4x4 affine generator M (scaling and squaring of a Taylor series, below). Tolerance 1e-8 as asked; the
     * RK4 error is of order 1e-11 and the matrix exponential's about 1e-14.
     */
    @Test
    void dampedDetunedDriveMatchesTheMatrixExponential() {
        double[] omegas = {0.5, 1, 2};
        double[] gammas = {0.1, 0.5, 1.5};
        double[] t = {0, 0.123, 1, 3.7, 6.0001, 10};
        for (double delta : new double[] {0.5, -1.25}) {
            DampedRabiModel m = DampedRabiModel.of(delta, DampedRabiModel.DEFAULT_STEPS_PER_UNIT_TIME);
            double[] rows = new double[omegas.length * gammas.length * 2];
            int r = 0;
            for (double omega : omegas) {
                for (double gamma : gammas) {
                    rows[r++] = omega;
                    rows[r++] = gamma;
                }
            }
            ModelParams mps = ModelParams.of(omegas.length * gammas.length, 2, rows);
            Tensor3 l = m.likelihood(new int[] {0}, mps, ExpParams.times(t));
            for (int j = 0; j < mps.nModels(); j++) {
                for (int k = 0; k < t.length; k++) {
                    double z = zByMatrixExponential(mps.get(j, 0), mps.get(j, 1), delta, t[k]);
                    assertEquals(
                            (1 + z) / 2,
                            l.get(0, j, k),
                            1e-8,
                            "omega " + mps.get(j, 0) + ", gamma " + mps.get(j, 1) + ", delta " + delta + ", t " + t[k]);
                }
            }
        }
    }

    /**
     * Long-time limit with damping: the Bloch vector relaxes to the fixed point r∞ of dr/dt = A r + b, i.e. the
     * solution of A r∞ = −b (Cramer's rule below). At t = 200 with γ = 1 the transient is below e^-100; on the
     * coarse grid h = 1/100 RK4 converges to the same fixed point up to rounding. Tolerance 1e-9.
     */
    @Test
    void strongDampingRelaxesToTheSteadyState() {
        double omega = 1.5;
        double gamma = 1;
        double delta = 0.5;
        double[][] a = generator(omega, gamma, delta);
        double[] steady = solve3(a, new double[] {0, 0, -gamma / 2});
        DampedRabiModel m = DampedRabiModel.of(delta, 100);
        double pr0 = m.likelihood(new int[] {0}, ModelParams.rows(new double[] {omega, gamma}), ExpParams.times(200))
                .get(0, 0, 0);
        assertEquals((1 + steady[2]) / 2, pr0, 1e-9);
    }

    /**
     * A value for (particle, t) must not depend on which other experiments share the call: alone, in any batch
     * order, with duplicates, or in shards split by experiment and joined back, the bits are the same.
     */
    @Test
    void valuesAreBitIdenticalAloneInBatchesAndInShards() {
        for (DampedRabiModel m : List.of(DampedRabiModel.of(), DampedRabiModel.of(-0.7, 13))) {
            double[] t = {7.3, 0.5, 2.0, 2.0, 0, 9.999, 1.0 / 3, 5.25, 0.001, 4.0 / 13, 10};
            ModelParams mps = ModelParams.rows(new double[] {1, 0}, new double[] {2.2, 0.4}, new double[] {0.6, 1.3});
            Tensor3 batch = m.likelihood(BOTH, mps, ExpParams.times(t));
            for (int k = 0; k < t.length; k++) {
                assertEquals(batch.slice(2, k, k + 1), m.likelihood(BOTH, mps, ExpParams.times(t[k])), "t = " + t[k]);
            }
            double[] reversed = new double[t.length];
            for (int k = 0; k < t.length; k++) {
                reversed[k] = t[t.length - 1 - k];
            }
            Tensor3 back = m.likelihood(BOTH, mps, ExpParams.times(reversed));
            for (int k = 0; k < t.length; k++) {
                assertEquals(batch.slice(2, k, k + 1), back.slice(2, t.length - 1 - k, t.length - k));
            }
            ExpParams eps = ExpParams.times(t);
            List<Tensor3> shards = new ArrayList<>();
            int[] cuts = {0, 4, 5, 9, t.length};
            for (int s = 0; s + 1 < cuts.length; s++) {
                shards.add(m.likelihood(BOTH, mps, eps.rows(cuts[s], cuts[s + 1])));
            }
            assertEquals(batch, Tensor3.concat(2, shards));
            List<Tensor3> byModel = new ArrayList<>();
            for (int j = 0; j < mps.nModels(); j++) {
                byModel.add(m.likelihood(BOTH, mps.rows(j, j + 1), eps));
            }
            assertEquals(batch, Tensor3.concat(1, byModel));
        }
    }

    /** Probabilities stay in [0, 1], also for large rates and for invalid (negative) parameters. */
    @Test
    void probabilitiesStayInTheUnitInterval() {
        double[] values = {-2, 0, 0.01, 0.7, 3, 40};
        List<double[]> rows = new ArrayList<>();
        for (double omega : values) {
            for (double gamma : values) {
                rows.add(new double[] {omega, gamma});
            }
        }
        ModelParams mps = ModelParams.rows(rows.toArray(new double[0][]));
        for (DampedRabiModel m : List.of(DampedRabiModel.of(), DampedRabiModel.of(-3, 200))) {
            Tensor3 l = m.likelihood(BOTH, mps, ExpParams.times(0, 0.5, 1, 3.3, 10));
            for (double p : l.toArray()) {
                assertTrue(p >= 0 && p <= 1, "Pr = " + p);
            }
        }
    }

    @Test
    void validityNeedsPositiveRabiFrequencyAndNonNegativeDephasing() {
        assertArrayEquals(
                new boolean[] {true, true, false, false, false},
                DampedRabiModel.of()
                        .areModelsValid(ModelParams.rows(
                                new double[] {1, 0},
                                new double[] {1e-9, 2},
                                new double[] {0, 0.1},
                                new double[] {-1, 0.1},
                                new double[] {1, -1e-9})));
    }

    @Test
    void negativeOrHugeTimesAreRejected() {
        DampedRabiModel m = DampedRabiModel.of();
        ModelParams mps = ModelParams.rows(new double[] {1, 0.1});
        ParameterException negative = assertThrows(
                ParameterException.class, () -> m.likelihood(new int[] {0}, mps, ExpParams.times(1, -0.5)));
        assertEquals(
                "expParams[1].t = -0.5: must be >= 0 (DampedRabiModel integrates forward from time 0)",
                negative.getMessage());
        ParameterException huge = assertThrows(
                ParameterException.class, () -> m.simulateExperiment(mps, ExpParams.times(1e7), 1, TestStreams.of(1)));
        assertEquals(
                "expParams[0].t = 1.0E7: must be <= " + m.maxTime() + " (at most 2147483646 steps of 1/400)",
                huge.getMessage());
        assertEquals(0, m.likelihoodCallCount());
    }

    @Test
    void badConstantsAreRejectedWithValueAndRule() {
        assertEquals(
                "delta = NaN: must be finite",
                assertThrows(ParameterException.class, () -> DampedRabiModel.of(Double.NaN, 100))
                        .getMessage());
        assertEquals(
                "delta = -Infinity: must be finite",
                assertThrows(ParameterException.class, () -> DampedRabiModel.of(Double.NEGATIVE_INFINITY, 100))
                        .getMessage());
        assertEquals(
                "stepsPerUnitTime = 0: must be > 0",
                assertThrows(ParameterException.class, () -> DampedRabiModel.of(0.5, 0))
                        .getMessage());
        assertEquals(
                "stepsPerUnitTime = -5: must be > 0",
                assertThrows(ParameterException.class, () -> new DampedRabiModel.Spec(0.5, -5))
                        .getMessage());
    }

    @Test
    void equalityFollowsTheConstants() {
        assertEquals(DampedRabiModel.of(), DampedRabiModel.of(0.5, DampedRabiModel.DEFAULT_STEPS_PER_UNIT_TIME));
        assertEquals(DampedRabiModel.of(-0.0, 10), DampedRabiModel.of(0.0, 10));
        assertNotEquals(DampedRabiModel.of(0.5, 10), DampedRabiModel.of(0.5, 11));
        assertEquals(
                new DampedRabiModel.Spec(0.25, 64), DampedRabiModel.of(0.25, 64).spec());
        assertEquals(DampedRabiModel.of(0.25, 64), new DampedRabiModel.Spec(0.25, 64).build());
    }

    // ---- independent reference: exp(M t) of the affine system d(x, y, z, 1)/dt = M (x, y, z, 1) ----

    /** The 3x3 matrix A of dr/dt = A r + b, b = (0, 0, γ/2). */
    private static double[][] generator(double omega, double gamma, double delta) {
        double g2 = gamma;
        double g1 = gamma / 2;
        return new double[][] {{-g2, -delta, 0}, {delta, -g2, -omega}, {0, omega, -g1}};
    }

    private static double zByMatrixExponential(double omega, double gamma, double delta, double t) {
        double[][] a = generator(omega, gamma, delta);
        double[][] m = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = a[i][j] * t;
            }
        }
        m[2][3] = gamma / 2 * t;
        double[][] e = expm(m);
        // r(t) = E (0, 0, 1, 1): z = E[2][2] + E[2][3].
        return e[2][2] + e[2][3];
    }

    /** exp(m): scale by 2^-s until the 1-norm is below 1/4, Taylor series to convergence, square s times. */
    private static double[][] expm(double[][] m) {
        int n = m.length;
        double norm = 0;
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (double[] row : m) {
                col += Math.abs(row[j]);
            }
            norm = Math.max(norm, col);
        }
        int s = norm <= 0.25 ? 0 : (int) Math.ceil(Math.log(norm / 0.25) / Math.log(2));
        double scale = Math.scalb(1.0, -s);
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = m[i][j] * scale;
            }
        }
        double[][] sum = identity(n);
        double[][] term = identity(n);
        for (int q = 1; q <= 30; q++) {
            term = multiply(term, b);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    term[i][j] /= q;
                    sum[i][j] += term[i][j];
                }
            }
        }
        for (int i = 0; i < s; i++) {
            sum = multiply(sum, sum);
        }
        return sum;
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < n; j++) {
                    out[i][j] += x[i][k] * y[k][j];
                }
            }
        }
        return out;
    }

    /** Solves the 3x3 system a x = rhs by Cramer's rule. */
    private static double[] solve3(double[][] a, double[] rhs) {
        double det = det3(a);
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] ac = new double[3][];
            for (int i = 0; i < 3; i++) {
                ac[i] = a[i].clone();
                ac[i][c] = rhs[i];
            }
            x[c] = det3(ac) / det;
        }
        return x;
    }

    private static double det3(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }
}
