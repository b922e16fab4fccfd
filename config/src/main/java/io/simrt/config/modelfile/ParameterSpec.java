package io.simrt.config.modelfile;

import io.simrt.models.ParameterException;
import io.simrt.models.abc.Prior;
import io.simrt.models.abc.Priors;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parameter of a model file and its prior, as plain data: the prior's kind and its arguments in the order of
 * {@link #ARGUMENTS} (the model file's keys).
 *
 * @param name  the parameter's name
 * @param prior one of the keys of {@link #ARGUMENTS}
 * @param args  the prior's arguments, in the order {@link #ARGUMENTS} lists them (copied in and out)
 */
public record ParameterSpec(String name, String prior, double[] args) {
    /** Each prior kind with the keys of its arguments, in the order of {@link Priors}' factory. */
    public static final Map<String, List<String>> ARGUMENTS = arguments();

    /** Keys a truncated normal may leave out: its bounds, infinite by default. */
    static final List<String> OPTIONAL = List.of("low", "high");

    public ParameterSpec {
        if (name == null || name.isBlank() || prior == null || !ARGUMENTS.containsKey(prior) || args == null) {
            throw new IllegalArgumentException("parameter spec needs a name, a prior of " + ARGUMENTS.keySet()
                    + " and its arguments, got " + name + ", " + prior);
        }
        if (args.length != ARGUMENTS.get(prior).size()) {
            throw new IllegalArgumentException(
                    prior + " prior takes " + ARGUMENTS.get(prior) + ", got " + Arrays.toString(args));
        }
        args = args.clone();
    }

    @Override
    public double[] args() {
        return args.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec p
                && p.name.equals(name)
                && p.prior.equals(prior)
                && Arrays.equals(p.args, args);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + prior.hashCode()) * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return "ParameterSpec[" + name + ", " + prior + Arrays.toString(args) + "]";
    }

    /**
     * The prior, through {@link Priors}.
     *
     * @throws ParameterException naming the argument and its rule when the arguments are invalid
     */
    public Prior toPrior() {
        double[] a = args;
        return switch (prior) {
            case "uniform" -> Priors.uniform(a[0], a[1]);
            case "normal" -> Priors.normal(a[0], a[1]);
            case "truncated-normal" -> Priors.truncatedNormal(a[0], a[1], a[2], a[3]);
            case "log-normal" -> Priors.logNormal(a[0], a[1]);
            case "gamma" -> Priors.gamma(a[0], a[1]);
            case "beta" -> Priors.beta(a[0], a[1]);
            case "exponential" -> Priors.exponential(a[0]);
            default -> throw new IllegalStateException("unknown prior " + prior);
        };
    }

    private static Map<String, List<String>> arguments() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("uniform", List.of("low", "high"));
        m.put("normal", List.of("mu", "sigma"));
        m.put("truncated-normal", List.of("mu", "sigma", "low", "high"));
        m.put("log-normal", List.of("mu", "sigma"));
        m.put("gamma", List.of("shape", "scale"));
        m.put("beta", List.of("a", "b"));
        m.put("exponential", List.of("mean"));
        return java.util.Collections.unmodifiableMap(m);
    }
}
