package org.example.sir;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Writes the observed data of {@link Sir} to stdout: one epidemic simulated from {@code beta, gamma} on the observed
 * stream of {@code seed} ({@code RandomStreams.observed(FAST, seed)}), as a one-column CSV with the header
 * {@code infected}. The file {@code observed.csv} beside {@link Sir} was made by (from the repository's root, after
 * {@code mvn -B -DskipTests package}):
 *
 * <pre>
 * java -cp deploy/target/simrt.jar:examples/sir/target/simrt-example-sir.jar org.example.sir.SimulateObserved \
 *     0.6 0.2 2026 &gt; examples/sir/src/main/resources/org/example/sir/observed.csv
 * </pre>
 */
public final class SimulateObserved {
    private SimulateObserved() {}

    /** {@code beta gamma seed}. */
    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: SimulateObserved BETA GAMMA SEED");
            System.exit(2);
        }
        write(Double.parseDouble(args[0]), Double.parseDouble(args[1]), Long.parseLong(args[2]), System.out);
    }

    /** The CSV of one epidemic from {@code beta, gamma} on the observed stream of {@code seed}. */
    static void write(double beta, double gamma, long seed, PrintStream out) {
        double[] infected = simulate(beta, gamma, seed);
        out.println("infected");
        for (double x : infected) {
            out.println(String.format(Locale.ROOT, "%.0f", x));
        }
        out.flush();
    }

    static double[] simulate(double beta, double gamma, long seed) {
        RandomStream rng = RandomStreams.observed(RngFamily.FAST, seed);
        return Sir.FUNCTION_FORM.simulate(new double[] {beta, gamma}, rng);
    }
}
