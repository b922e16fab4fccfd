package io.simrt.inference.store;

import io.simrt.inference.results.Sample;

/**
 * A stored run's result read back: the run and one of its populations, by default the final one (rejection ABC
 * stores its result as population 0). Read one with {@link RunStore#result(String)}, or {@link #load} to open and
 * close the store around it.
 *
 * @param run         the run
 * @param population  the population read
 * @param populations how many populations the run stored
 */
public record StoredResult(RunInfo run, StoredPopulation population, int populations) {

    /**
     * The final population of run {@code id} (an id or a unique prefix of one) in the store at {@code location}.
     *
     * @throws StoreException if the store cannot be read, no run or several runs match, or the run stored no
     *     population
     */
    public static StoredResult load(StoreLocation location, String id) {
        try (RunStore store = RunStore.open(location)) {
            return store.result(id);
        }
    }

    /** Whether {@link #population()} is the run's last stored population. */
    public boolean isFinal() {
        return population.index() == populations - 1;
    }

    /**
     * The samples as the run gave them: weighted for ABC-SMC; for rejection ABC without weights (the store keeps
     * them as 1), so that its means, CSV and JSON are those of the run's own {@code --output} and {@code --json}.
     */
    public Sample sample() {
        Sample s = population.sample();
        if (run.kind().equals("abc")) {
            return Sample.of(s.parameterNames(), s.size(), s.toArray());
        }
        return s;
    }

    /** One distance per sample row. */
    public double[] distances() {
        return population.distances();
    }

    /** The weighted mean of each parameter, in {@link RunInfo#parameterNames()} order. */
    public double[] means() {
        return sample().means();
    }
}
