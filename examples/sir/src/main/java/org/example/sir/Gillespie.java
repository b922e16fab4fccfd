package org.example.sir;

import io.simrt.models.RandomStream;

/**
 * The stochastic SIR epidemic in a closed population of {@code n}, simulated exactly with Gillespie's direct method,
 * observed at fixed times. From state {@code (S, I, R)} the next event is an infection {@code (S - 1, I + 1, R)} at
 * rate {@code beta S I / n} or a recovery {@code (S, I - 1, R + 1)} at rate {@code gamma I}. Each step draws two
 * uniforms {@code u1, u2} from the stream: the waiting time {@code -ln(1 - u1) / total} (exponential with the total
 * rate) and the event, an infection when {@code u2 total < beta S I / n}. The epidemic ends when {@code I = 0}; no
 * further draws are made then, nor once the last observation time is passed.
 *
 * <p>Immutable and thread-safe; all randomness comes from the stream passed in.
 */
final class Gillespie {
    /** Receives the state at each observation time, in time order. */
    @FunctionalInterface
    interface Observer {
        /** The state at observation {@code k} (time {@code times[k]}): the state after the last event before it. */
        void at(int k, int s, int i, int r);
    }

    private final int n;
    private final int i0;
    private final double[] times;

    /**
     * @param n     population, {@code >= 1}
     * @param i0    infected at time 0, {@code 1 <= i0 <= n} (the rest susceptible)
     * @param times observation times, increasing, {@code > 0} (copied)
     */
    Gillespie(int n, int i0, double[] times) {
        if (n < 1 || i0 < 1 || i0 > n) {
            throw new IllegalArgumentException("need 1 <= i0 <= n, got n = " + n + ", i0 = " + i0);
        }
        for (int k = 0; k < times.length; k++) {
            if (!(times[k] > (k == 0 ? 0 : times[k - 1]))) {
                throw new IllegalArgumentException("observation times must be > 0 and increasing: " + times[k]);
            }
        }
        this.n = n;
        this.i0 = i0;
        this.times = times.clone();
    }

    int population() {
        return n;
    }

    int initialInfected() {
        return i0;
    }

    int observations() {
        return times.length;
    }

    double time(int k) {
        return times[k];
    }

    /** Runs one epidemic with rates {@code beta, gamma} ({@code > 0}) and reports every observation time to {@code o}. */
    void run(double beta, double gamma, RandomStream rng, Observer o) {
        int s = n - i0;
        int i = i0;
        double t = 0;
        int k = 0;
        while (k < times.length) {
            if (i == 0) {
                o.at(k++, s, 0, n - s); // over: the state stays as it is
                continue;
            }
            double infection = beta * s * i / n;
            double total = infection + gamma * i;
            double next = t - Math.log1p(-rng.nextDouble()) / total;
            while (k < times.length && times[k] < next) {
                o.at(k++, s, i, n - s - i);
            }
            if (k == times.length) {
                return;
            }
            t = next;
            if (rng.nextDouble() * total < infection) {
                s--;
                i++;
            } else {
                i--;
            }
        }
    }

    /** The infected counts at the observation times into {@code out[offset .. offset + observations())}. */
    void infected(double beta, double gamma, RandomStream rng, double[] out, int offset) {
        run(beta, gamma, rng, (k, s, i, r) -> out[offset + k] = i);
    }
}
