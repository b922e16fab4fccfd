package io.simrt.models.abc;

import io.simrt.models.ParameterException;
import io.simrt.models.Require;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where a model's observed data comes from: values given in code, or a file read when the model is built on the
 * caller's side ({@link #values()}). A model rebuilt from its spec on an engine gets the values the spec carries, so
 * engines never read the file. Immutable.
 */
public final class ObservedData {
    private final String description;
    private final Supplier<double[]> reader;

    private ObservedData(String description, Supplier<double[]> reader) {
        this.description = description;
        this.reader = reader;
    }

    /**
     * The given values (copied).
     *
     * @throws ParameterException if there are none or one is not finite
     */
    public static ObservedData of(double... data) {
        double[] copy = check("observed data", data).clone();
        return new ObservedData(copy.length + " values", copy::clone);
    }

    /**
     * A CSV file of one column: one number per line; an optional first line that is not a number is a header;
     * blank lines are ignored. Read by {@link #values()}.
     */
    public static ObservedData csv(Path file) {
        return new ObservedData("CSV file " + file, () -> ObservedDataFiles.readCsv(file));
    }

    /** A JSON file holding one flat array of numbers ({@code [0.1, 2, -3e-2]}). Read by {@link #values()}. */
    public static ObservedData json(Path file) {
        return new ObservedData("JSON file " + file, () -> ObservedDataFiles.readJson(file));
    }

    /**
     * The values, read now (a file is read at every call).
     *
     * @throws ParameterException if a file cannot be read or has the wrong shape (the message names the file, the
     *     row and what was expected), or there are no values, or one is not finite
     */
    public double[] values() {
        return check(description, reader.get());
    }

    private static double[] check(String what, double[] data) {
        if (data == null || data.length == 0) {
            throw ParameterException.because(what + ": no observed values");
        }
        Require.allFinite(what, data);
        return data;
    }

    @Override
    public String toString() {
        return "ObservedData[" + description + "]";
    }
}
