package io.simrt.models.abc;

import io.simrt.models.ParameterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads observed data files: a CSV of one column, or a JSON file of one flat array of numbers. A small reader of
 * its own, because the models module has no JSON library at compile scope. Every error is one
 * {@link ParameterException} naming the file, the row (CSV line or JSON element, from 1) and what was expected.
 */
final class ObservedDataFiles {
    /** JSON's number grammar. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    /** Decimal numbers as spreadsheets and numpy write them. */
    private static final Pattern CSV_NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private ObservedDataFiles() {}

    static double[] readCsv(Path file) {
        List<String> lines = readLines(file);
        double[] out = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != 1) {
                throw ParameterException.because("observed data " + file + ", row " + (i + 1) + ": " + cells.length
                        + " columns; expected one column (one value per row)");
            }
            Double v = parse(line);
            if (v == null) {
                if (n == 0 && i == firstNonBlank(lines)) {
                    continue; // a header
                }
                throw ParameterException.because("observed data " + file + ", row " + (i + 1) + ": '" + line
                        + "' is not a number; expected one number per row");
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    static double[] readJson(Path file) {
        String text = String.join("\n", readLines(file)).strip();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw ParameterException.because(
                    "observed data " + file + ": expected one flat JSON array of numbers, found " + describe(text));
        }
        String body = text.substring(1, text.length() - 1).strip();
        if (body.isEmpty()) {
            return new double[0];
        }
        String[] items = body.split(",", -1);
        double[] out = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            if (item.startsWith("[") || item.startsWith("{")) {
                throw ParameterException.because("observed data " + file + ", element " + (i + 1) + ": "
                        + (item.startsWith("[") ? "an array" : "an object")
                        + "; expected one flat JSON array of numbers");
            }
            if (!JSON_NUMBER.matcher(item).matches()) {
                throw ParameterException.because("observed data " + file + ", element " + (i + 1) + ": '" + item
                        + "' is not a number; expected one flat JSON array of numbers");
            }
            out[i] = Double.parseDouble(item);
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ParameterException.because("observed data " + file + ": cannot be read (" + e + ")");
        }
    }

    private static int firstNonBlank(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    /** The number, or null if {@code s} is not a decimal number ({@code 1}, {@code -.5}, {@code 2.5e-3}). */
    private static Double parse(String s) {
        return CSV_NUMBER.matcher(s).matches() ? Double.valueOf(s) : null;
    }

    private static String describe(String text) {
        if (text.isEmpty()) {
            return "an empty file";
        }
        if (text.startsWith("{")) {
            return "an object";
        }
        return "'" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'";
    }
}
