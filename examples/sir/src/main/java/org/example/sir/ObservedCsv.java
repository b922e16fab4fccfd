package org.example.sir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a one-column CSV that travels inside the model's jar as a class-path resource (one number per line, an
 * optional header line, blank lines ignored): the format of {@code io.simrt.models.abc.ObservedData.csv}, which
 * reads a file on the coordinator's disk instead.
 */
final class ObservedCsv {
    private ObservedCsv() {}

    /**
     * The values of resource {@code name} beside {@code anchor}.
     *
     * @throws IllegalStateException if it is missing or a line after the first is not a number
     */
    static double[] read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing beside " + anchor.getName());
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            double[] values = new double[16];
            int n = 0;
            int lineNo = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                double v;
                try {
                    v = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    if (lineNo == 1) {
                        continue; // a header
                    }
                    throw new IllegalStateException(name + ":" + lineNo + ": not a number: " + s);
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, 2 * n);
                }
                values[n++] = v;
            }
            return Arrays.copyOf(values, n);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + name + " beside " + anchor.getName(), e);
        }
    }
}
