package org.example.sir;

/**
 * Summaries of an epidemic's infected counts at the observation times ({@code data[k]} at time {@code k}). Each reads
 * the array and keeps nothing, so they are thread-safe; none is NaN for counts (empty data gives NaN or 0 as stated).
 */
final class EpidemicSummaries {
    private EpidemicSummaries() {}

    /** The largest count, {@code max_k data[k]}; NaN for empty data. */
    static double peak(double[] data) {
        return data.length == 0 ? Double.NaN : data[argmax(data)];
    }

    /** The observation time of the first largest count; NaN for empty data. */
    static double peakTime(double[] data, Gillespie epidemic) {
        return data.length == 0 ? Double.NaN : epidemic.time(argmax(data));
    }

    /** Infected person-days, {@code every * sum_k data[k]} (the rectangle rule); 0 for empty data. */
    static double area(double[] data, double every) {
        double sum = 0;
        for (double x : data) {
            sum += x;
        }
        return every * sum;
    }

    /**
     * The early growth, {@code ln(1 + data[2])}: the log of the count at the third observation (day 6), which grows
     * about as {@code (beta - gamma) t} while few are immune; NaN with fewer than 3 observations.
     */
    static double early(double[] data) {
        return data.length < 3 ? Double.NaN : Math.log1p(data[2]);
    }

    private static int argmax(double[] data) {
        int best = 0;
        for (int k = 1; k < data.length; k++) {
            if (data[k] > data[best]) {
                best = k;
            }
        }
        return best;
    }
}
