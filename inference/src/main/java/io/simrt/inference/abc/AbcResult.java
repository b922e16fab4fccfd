package io.simrt.inference.abc;

import io.simrt.inference.results.Sample;
import io.simrt.models.RngFamily;
import java.util.List;
import java.util.Locale;

/**
 * The result of a rejection or ABC-SMC run (ELFI's {@code Sample} / {@code SmcSample}): the accepted sample
 * (sorted by distance for rejection runs), the distances, and the run's bookkeeping.
 *
 * @param method      {@code "Rejection"} or {@code "SMC"}
 * @param sample      accepted parameters (weighted for ABC-SMC)
 * @param distances   one per sample row
 * @param simulations simulations run in total ({@code batches * batchSize})
 * @param batches     batches consumed in total
 * @param threshold   the final acceptance threshold (for rejection runs the nSamples-th smallest distance)
 * @param acceptRate  ELFI's {@code min(1, nSamples / simulations)} for rejection runs
 * @param seed        master seed
 * @param rng         stream family
 * @param batchSize   simulations per batch (part of the reproducibility key, with the seed)
 * @param populations ABC-SMC populations in round order; empty for rejection
 * @param skipped     simulations counted in {@code simulations} whose distance was NaN (the simulator threw under
 *                    {@code OnSimulationError.SKIP}, or a summary or the distance was NaN): never accepted
 */
public record AbcResult(
        String method,
        Sample sample,
        double[] distances,
        long simulations,
        long batches,
        double threshold,
        double acceptRate,
        long seed,
        RngFamily rng,
        int batchSize,
        List<Population> populations,
        long skipped) {

    public AbcResult {
        distances = distances.clone();
        populations = List.copyOf(populations);
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    public List<String> parameterNames() {
        return sample.parameterNames();
    }

    /**
     * ELFI's {@code summary()} text (the table form of ELFI 0.8.4 and later):
     * <pre>
     * Method: Rejection
     * Number of samples: 5000
     * Number of simulations: 1000000
     * Threshold: 0.0826
     * Parameter                Mean               2.5%              97.5%
     * t1:                     0.694              0.398              0.959
     * </pre>
     * Numbers use Python's {@code {:.3g}} and {@code {:18.3f}} formats; names are cut to 10 characters. When
     * simulations were skipped, a line {@code skipped: 12 simulations (the simulator threw or the distance was NaN)}
     * follows the number of simulations (ELFI has no such line: with none skipped the text is ELFI's).
     */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("Method: ").append(method).append('\n');
        s.append("Number of samples: ").append(sample.size()).append('\n');
        s.append("Number of simulations: ").append(simulations).append('\n');
        if (skipped > 0) {
            s.append("skipped: ")
                    .append(skipped)
                    .append(skipped == 1 ? " simulation" : " simulations")
                    .append(" (the simulator threw or the distance was NaN)\n");
        }
        s.append("Threshold: ").append(PyFormat.g3(threshold)).append('\n');
        s.append(String.format(Locale.ROOT, "%-24s %-18s %-17s %-5s%n", "Parameter", "Mean", "2.5%", "97.5%")
                .replace(System.lineSeparator(), "\n"));
        double[] means = sample.means();
        List<double[]> ci = sample.intervals95();
        for (int p = 0; p < sample.dim(); p++) {
            String name = sample.parameterNames().get(p);
            String label = (name.length() > 10 ? name.substring(0, 10) : name) + ":";
            s.append(String.format(
                            Locale.ROOT, "%-10s %18.3f %18.3f %18.3f", label, means[p], ci.get(p)[0], ci.get(p)[1]))
                    .append('\n');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
