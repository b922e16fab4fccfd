package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads {@code qinfer-likelihoods.csv}, the docs/reference-values.md §1 values (source named in the file). */
final class ReferenceValues {
    private ReferenceValues() {}

    /** One likelihood {@code Pr(outcome | params; experiment)} of one model. */
    record Row(String model, double[] params, ExpParams experiment, int outcome, double expected) {
        @Override
        public String toString() {
            return model + " " + Arrays.toString(params) + " " + experiment.layout() + "="
                    + Arrays.toString(experiment.toArray()) + " outcome " + outcome;
        }

        ModelParams modelParams() {
            return ModelParams.of(1, params.length, params);
        }
    }

    static List<Row> load() {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = ReferenceValues.class.getResourceAsStream("qinfer-likelihoods.csv")) {
            if (in == null) {
                throw new IllegalStateException("qinfer-likelihoods.csv not on the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split(";");
                double[] params = Arrays.stream(cols[1].split(","))
                        .map(String::trim)
                        .mapToDouble(ReferenceValues::number)
                        .toArray();
                String[] fields = cols[2].trim().split(",");
                String[] names = new String[fields.length];
                double[] values = new double[fields.length];
                for (int f = 0; f < fields.length; f++) {
                    String[] kv = fields[f].split("=");
                    names[f] = kv[0].trim();
                    values[f] = number(kv[1].trim());
                }
                rows.add(new Row(
                        cols[0].trim(),
                        params,
                        ExpParams.of(ExpLayout.of(names), 1, values),
                        Integer.parseInt(cols[3].trim()),
                        number(cols[4].trim())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static double number(String s) {
        return s.equals("pi") ? Math.PI : Double.parseDouble(s);
    }
}
