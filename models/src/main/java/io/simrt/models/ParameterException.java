package io.simrt.models;

import java.util.Arrays;

/**
 * A value handed to a model, a distribution or a random stream breaks a rule of its contract.
 *
 * <p>The message always names the offending value and the rule it breaks, for example
 * {@code "modelParams[3][0] = NaN: must be finite"}, so that a user reading a failed run knows what to
 * change without opening the source.
 */
public final class ParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private ParameterException(String message) {
        super(message);
    }

    /**
     * @param what  the name of the value, as a user would write it ({@code "minFreq"}, {@code "expParams[2].t"})
     * @param value the offending value
     * @param rule  the rule it breaks ({@code "must be > 0"})
     */
    public static ParameterException of(String what, Object value, String rule) {
        return new ParameterException(what + " = " + render(value) + ": " + rule);
    }

    /** A rule that does not concern one single value (shapes, layouts). */
    public static ParameterException because(String message) {
        return new ParameterException(message);
    }

    private static String render(Object value) {
        if (value instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof int[] a) {
            return Arrays.toString(a);
        }
        return String.valueOf(value);
    }
}
