package io.simrt.inference.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.simrt.models.ParameterException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a {@link Sample} (optionally with one distance per row, as ABC results carry) as CSV or JSON.
 *
 * <p><b>Numbers.</b> Every value is written with {@link Double#toString(double)}, the shortest decimal that
 * parses back to the same {@code double}, so reading a file back with {@link Double#parseDouble} gives the
 * values bit for bit.
 *
 * <p><b>Files.</b> The {@link Path} variants write UTF-8 to a temporary file in the target's directory and
 * rename it over the target, so a failed write leaves no partial file and an existing file untouched. A path
 * that cannot be written (missing directory, a directory given as the file, no permission, disk full) raises
 * an {@link UncheckedIOException} whose message names the absolute path and the reason, with the
 * {@link java.io.IOException} as cause. The {@link Writer} variants flush but do not close the writer; an
 * {@link java.io.IOException} from it is rethrown as {@link UncheckedIOException}.
 *
 * <p><b>Validation.</b> Distances must number one per row, and parameter names must be distinct (a CSV header
 * or JSON object with two equal keys would lose a column on reading); otherwise a {@link ParameterException}
 * is thrown before anything is written.
 *
 * <p>For an {@code AbcResult r}: {@code writeCsv(r.sample(), Optional.of(r.distances()), path)}.
 */
public final class SampleExport {
    /** CSV column holding the weights of a weighted sample. */
    public static final String WEIGHT_COLUMN = "weight";
    /** CSV column holding the distances, when they are given. */
    public static final String DISTANCE_COLUMN = "distance";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private SampleExport() {}

    /** {@link #writeCsv(Sample, Optional, Path)} without distances. */
    public static void writeCsv(Sample sample, Path file) {
        writeCsv(sample, Optional.empty(), file);
    }

    /**
     * Writes an RFC 4180 CSV file (UTF-8, CRLF line ends): a header with the parameter names, then
     * {@value #WEIGHT_COLUMN} if the sample is weighted (the weights as given, not normalised), then
     * {@value #DISTANCE_COLUMN} if distances are given; one line per row in sample order. Names containing a
     * comma, a double quote, CR or LF are quoted, with inner quotes doubled. Non-finite values are written as
     * {@code NaN}, {@code Infinity}, {@code -Infinity}, which {@link Double#parseDouble} reads back. An empty
     * sample gives the header only.
     *
     * @param distances one per row, if present
     * @throws ParameterException   for a wrong number of distances, duplicate names, or a parameter named
     *                              like a column this method adds ({@value #WEIGHT_COLUMN},
     *                              {@value #DISTANCE_COLUMN}) while that column is written
     * @throws UncheckedIOException if the file cannot be written (the message names the path and the reason)
     */
    public static void writeCsv(Sample sample, Optional<double[]> distances, Path file) {
        double[] d = checked(sample, distances, true);
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            csv(sample, d, w);
            w.flush();
        });
    }

    /** {@link #writeCsv(Sample, Optional, Writer)} without distances. */
    public static void writeCsv(Sample sample, Writer out) {
        writeCsv(sample, Optional.empty(), out);
    }

    /**
     * The CSV of {@link #writeCsv(Sample, Optional, Path)} to {@code out}, which is flushed, not closed.
     *
     * @throws UncheckedIOException if {@code out} fails
     */
    public static void writeCsv(Sample sample, Optional<double[]> distances, Writer out) {
        double[] d = checked(sample, distances, true);
        try {
            csv(sample, d, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV: " + e.getMessage(), e);
        }
    }

    /** {@link #writeJson(Sample, Optional, Path)} without distances. */
    public static void writeJson(Sample sample, Path file) {
        writeJson(sample, Optional.empty(), file);
    }

    /**
     * Writes one JSON object (UTF-8, compact, trailing newline):
     * <pre>
     * {"parameterNames": ["t1", "t2"], "size": n,
     *  "samples": {"t1": [...n values], "t2": [...]},
     *  "weights": [...n]            (only when the sample is weighted; as given, not normalised)
     *  "distances": [...n]          (only when distances are given)
     *  "means": {"t1": m1, "t2": m2},                  ({@link Sample#means()})
     *  "intervals95": {"t1": [lo, hi], "t2": [lo, hi]}} ({@link Sample#intervals95()})
     * </pre>
     * JSON has no NaN or infinity, so every non-finite number (a NaN value, an infinite distance or
     * threshold, the NaN means of an empty sample) is written as {@code null}. For an empty sample the
     * arrays are empty, the means {@code null} and the intervals {@code [null, null]}.
     *
     * @param distances one per row, if present
     * @throws ParameterException   for a wrong number of distances or duplicate names
     * @throws UncheckedIOException if the file cannot be written (the message names the path and the reason)
     */
    public static void writeJson(Sample sample, Optional<double[]> distances, Path file) {
        double[] d = checked(sample, distances, false);
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            json(sample, d, w);
            w.flush();
        });
    }

    /** {@link #writeJson(Sample, Optional, Writer)} without distances. */
    public static void writeJson(Sample sample, Writer out) {
        writeJson(sample, Optional.empty(), out);
    }

    /**
     * The JSON of {@link #writeJson(Sample, Optional, Path)} to {@code out}, which is flushed, not closed.
     *
     * @throws UncheckedIOException if {@code out} fails
     */
    public static void writeJson(Sample sample, Optional<double[]> distances, Writer out) {
        double[] d = checked(sample, distances, false);
        try {
            json(sample, d, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A copy of the distances, or {@code null} when absent (private only), after checking them and the names. */
    private static double[] checked(Sample sample, Optional<double[]> distances, boolean csv) {
        List<String> names = sample.parameterNames();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw ParameterException.of(
                        "parameter name", name, "appears twice; exported columns need distinct names");
            }
        }
        double[] d = distances.map(double[]::clone).orElse(new double[0]);
        if (distances.isPresent() && d.length != sample.size()) {
            throw ParameterException.because(sample.size() + " rows but " + d.length + " distances");
        }
        if (csv && sample.weights().isPresent() && seen.contains(WEIGHT_COLUMN)) {
            throw ParameterException.of("parameter name", WEIGHT_COLUMN, "clashes with the CSV weight column");
        }
        if (csv && distances.isPresent() && seen.contains(DISTANCE_COLUMN)) {
            throw ParameterException.of("parameter name", DISTANCE_COLUMN, "clashes with the CSV distance column");
        }
        return distances.isPresent() ? d : null;
    }

    private static void csv(Sample sample, double[] distances, Writer w) throws IOException {
        int dim = sample.dim();
        double[] values = sample.toArray();
        double[] weights = sample.weights().orElse(null);
        List<String> names = sample.parameterNames();
        for (int p = 0; p < dim; p++) {
            if (p > 0) {
                w.write(',');
            }
            w.write(csvField(names.get(p)));
        }
        if (weights != null) {
            w.write("," + WEIGHT_COLUMN);
        }
        if (distances != null) {
            w.write("," + DISTANCE_COLUMN);
        }
        w.write("\r\n");
        for (int i = 0; i < sample.size(); i++) {
            for (int p = 0; p < dim; p++) {
                if (p > 0) {
                    w.write(',');
                }
                w.write(Double.toString(values[i * dim + p]));
            }
            if (weights != null) {
                w.write(',');
                w.write(Double.toString(weights[i]));
            }
            if (distances != null) {
                w.write(',');
                w.write(Double.toString(distances[i]));
            }
            w.write("\r\n");
        }
    }

    /** RFC 4180: quote a field holding a comma, a double quote, CR or LF, doubling inner quotes. */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void json(Sample sample, double[] distances, Writer w) throws IOException {
        List<String> names = sample.parameterNames();
        int dim = sample.dim();
        int n = sample.size();
        double[] values = sample.toArray();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeArrayFieldStart("parameterNames");
            for (String name : names) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeNumberField("size", n);
            g.writeObjectFieldStart("samples");
            for (int p = 0; p < dim; p++) {
                g.writeArrayFieldStart(names.get(p));
                for (int i = 0; i < n; i++) {
                    number(g, values[i * dim + p]);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            Optional<double[]> weights = sample.weights();
            if (weights.isPresent()) {
                array(g, "weights", weights.get());
            }
            if (distances != null) {
                array(g, "distances", distances);
            }
            double[] means = sample.means();
            g.writeObjectFieldStart("means");
            for (int p = 0; p < dim; p++) {
                g.writeFieldName(names.get(p));
                number(g, means[p]);
            }
            g.writeEndObject();
            List<double[]> intervals = n == 0 ? null : sample.intervals95();
            g.writeObjectFieldStart("intervals95");
            for (int p = 0; p < dim; p++) {
                g.writeArrayFieldStart(names.get(p));
                number(g, intervals == null ? Double.NaN : intervals.get(p)[0]);
                number(g, intervals == null ? Double.NaN : intervals.get(p)[1]);
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void array(JsonGenerator g, String field, double[] a) throws IOException {
        g.writeArrayFieldStart(field);
        for (double x : a) {
            number(g, x);
        }
        g.writeEndArray();
    }

    /** A finite number as {@link Double#toString(double)} writes it; NaN and infinities as {@code null}. */
    private static void number(JsonGenerator g, double x) throws IOException {
        if (Double.isFinite(x)) {
            g.writeNumber(x);
        } else {
            g.writeNull();
        }
    }
}
