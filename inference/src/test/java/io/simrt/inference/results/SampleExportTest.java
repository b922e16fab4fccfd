package io.simrt.inference.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.models.ParameterException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleExportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** Values chosen to need all 17 significant digits, plus tiny, huge, negative zero and non-finite ones. */
    private static Sample awkward(boolean weighted) {
        List<String> names = List.of("t1", "a,b", "say \"hi\"");
        int n = 6;
        double[] v = {
            0.1 + 0.2,
            -1.0 / 3,
            Math.PI,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            -0.0,
            1e-300,
            123456789.123456789,
            Math.nextUp(1.0),
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            2.0,
            2.0,
            2.0,
            -7.25,
            0.0,
            1e22
        };
        return weighted
                ? Sample.weighted(names, n, v, new double[] {0.1, 0.2, 0.3, 0.0, 1.0 / 7, 5})
                : Sample.of(names, n, v);
    }

    private static final double[] DISTANCES = {0.01, 1.0 / 3, 0.7, Double.POSITIVE_INFINITY, 2.5, 1e-17};

    @Test
    void csvRoundTripsEveryValueBitForBit() {
        Sample s = awkward(true);
        Path file = dir.resolve("sample.csv");
        SampleExport.writeCsv(s, Optional.of(DISTANCES), file);

        List<List<String>> rows = parseCsv(read(file));
        assertEquals(List.of("t1", "a,b", "say \"hi\"", "weight", "distance"), rows.get(0));
        assertEquals(1 + s.size(), rows.size());
        double[] weights = s.weights().orElseThrow();
        for (int i = 0; i < s.size(); i++) {
            List<String> row = rows.get(i + 1);
            assertEquals(5, row.size());
            for (int p = 0; p < 3; p++) {
                assertBits(s.get(i, p), Double.parseDouble(row.get(p)));
            }
            assertBits(weights[i], Double.parseDouble(row.get(3)));
            assertBits(DISTANCES[i], Double.parseDouble(row.get(4)));
        }
    }

    @Test
    void csvHeaderQuotesOnlyWhatNeedsIt() {
        StringWriter out = new StringWriter();
        SampleExport.writeCsv(
                Sample.of(List.of("plain", "a,b", "q\"x", "line\nbreak"), 1, new double[] {1, 2, 3, 4}), out);
        String text = out.toString();
        assertTrue(text.startsWith("plain,\"a,b\",\"q\"\"x\",\"line\nbreak\"\r\n"), text);
        assertTrue(text.endsWith("1.0,2.0,3.0,4.0\r\n"), text);
    }

    @Test
    void csvOfAnUnweightedSampleHasNoWeightColumn() {
        StringWriter out = new StringWriter();
        SampleExport.writeCsv(TestSamples.sines(List.of("a", "b"), 3), out);
        List<List<String>> rows = parseCsv(out.toString());
        assertEquals(List.of("a", "b"), rows.get(0));
        assertEquals(4, rows.size());
    }

    @Test
    void csvOfAnEmptySampleIsTheHeaderOnly() {
        StringWriter out = new StringWriter();
        SampleExport.writeCsv(Sample.of(List.of("a", "b"), 0, new double[0]), Optional.of(new double[0]), out);
        assertEquals("a,b,distance\r\n", out.toString());
    }

    @Test
    void jsonRoundTripsEveryValueBitForBitAndWritesNonFiniteAsNull() throws IOException {
        Sample s = awkward(true);
        Path file = dir.resolve("sample.json");
        SampleExport.writeJson(s, Optional.of(DISTANCES), file);

        JsonNode root = MAPPER.readTree(file.toFile());
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        assertEquals(
                List.of("parameterNames", "size", "samples", "weights", "distances", "means", "intervals95"), fields);
        assertEquals(s.parameterNames(), MAPPER.convertValue(root.get("parameterNames"), List.class));
        assertEquals(s.size(), root.get("size").intValue());
        for (int p = 0; p < s.dim(); p++) {
            JsonNode column = root.get("samples").get(s.parameterNames().get(p));
            assertEquals(s.size(), column.size());
            for (int i = 0; i < s.size(); i++) {
                assertJsonNumber(s.get(i, p), column.get(i));
            }
        }
        double[] weights = s.weights().orElseThrow();
        for (int i = 0; i < s.size(); i++) {
            assertJsonNumber(weights[i], root.get("weights").get(i));
            assertJsonNumber(DISTANCES[i], root.get("distances").get(i));
        }
        double[] means = s.means();
        List<double[]> ci = s.intervals95();
        for (int p = 0; p < s.dim(); p++) {
            String name = s.parameterNames().get(p);
            assertJsonNumber(means[p], root.get("means").get(name));
            assertJsonNumber(ci.get(p)[0], root.get("intervals95").get(name).get(0));
            assertJsonNumber(ci.get(p)[1], root.get("intervals95").get(name).get(1));
        }
        // the awkward sample has a NaN and infinities in its columns and an infinite distance
        assertTrue(root.get("samples").get("t1").get(3).isNull());
        assertTrue(root.get("distances").get(3).isNull());
    }

    @Test
    void jsonLeavesOutWeightsAndDistancesWhenAbsent() throws IOException {
        StringWriter out = new StringWriter();
        Sample s = TestSamples.sines(List.of("a", "b"), 50);
        SampleExport.writeJson(s, out);
        JsonNode root = MAPPER.readTree(out.toString());
        assertFalse(root.has("weights"));
        assertFalse(root.has("distances"));
        assertBits(s.means()[1], root.get("means").get("b").doubleValue());
        assertBits(
                s.intervals95().get(0)[1],
                root.get("intervals95").get("a").get(1).doubleValue());
    }

    @Test
    void jsonOfAnEmptySampleHasNullSummaries() throws IOException {
        StringWriter out = new StringWriter();
        SampleExport.writeJson(Sample.of(List.of("a"), 0, new double[0]), out);
        JsonNode root = MAPPER.readTree(out.toString());
        assertEquals(0, root.get("size").intValue());
        assertEquals(0, root.get("samples").get("a").size());
        assertTrue(root.get("means").get("a").isNull());
        assertTrue(root.get("intervals95").get("a").get(0).isNull());
        assertTrue(root.get("intervals95").get("a").get(1).isNull());
    }

    @Test
    void writerVariantsMatchTheFiles() throws IOException {
        Sample s = awkward(false);
        StringWriter csv = new StringWriter();
        StringWriter json = new StringWriter();
        SampleExport.writeCsv(s, Optional.of(DISTANCES), csv);
        SampleExport.writeJson(s, Optional.of(DISTANCES), json);
        SampleExport.writeCsv(s, Optional.of(DISTANCES), dir.resolve("s.csv"));
        SampleExport.writeJson(s, Optional.of(DISTANCES), dir.resolve("s.json"));
        assertEquals(csv.toString(), read(dir.resolve("s.csv")));
        assertEquals(json.toString(), read(dir.resolve("s.json")));
    }

    @Test
    void anExistingFileIsReplaced() throws IOException {
        Path file = dir.resolve("s.csv");
        Files.writeString(file, "old content that is longer than the new one ".repeat(100));
        SampleExport.writeCsv(Sample.of(List.of("a"), 1, new double[] {1}), file);
        assertEquals("a\r\n1.0\r\n", read(file));
        assertEquals(List.of(file), listing(dir));
    }

    @Test
    void wrongDistanceCountDuplicateNamesAndColumnClashesAreRejected() {
        Sample s = TestSamples.sines(List.of("a", "b"), 3);
        Path file = dir.resolve("x.csv");
        ParameterException e = assertThrows(
                ParameterException.class, () -> SampleExport.writeCsv(s, Optional.of(new double[2]), file));
        assertEquals("3 rows but 2 distances", e.getMessage());
        e = assertThrows(
                ParameterException.class,
                () -> SampleExport.writeJson(Sample.of(List.of("a", "a"), 1, new double[] {1, 2}), file));
        assertTrue(e.getMessage().contains("a: appears twice"), e.getMessage());
        Sample weighted = Sample.weighted(List.of("weight"), 1, new double[] {1}, new double[] {1});
        e = assertThrows(ParameterException.class, () -> SampleExport.writeCsv(weighted, file));
        assertTrue(e.getMessage().startsWith("parameter name = weight: clashes"), e.getMessage());
        // the clash only matters in CSV, and only when the column is written
        SampleExport.writeCsv(Sample.of(List.of("weight", "distance"), 1, new double[] {1, 2}), file);
        SampleExport.writeJson(weighted, Optional.of(new double[] {0.5}), dir.resolve("x.json"));
    }

    @Test
    void aMissingDirectoryIsNamedInTheError() {
        Path file = dir.resolve("no/such/dir/sample.csv");
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class, () -> SampleExport.writeCsv(TestSamples.sines(List.of("a"), 2), file));
        assertEquals("cannot write " + file + ": directory " + file.getParent() + " does not exist", e.getMessage());
        e = assertThrows(
                UncheckedIOException.class, () -> SampleExport.writeJson(TestSamples.sines(List.of("a"), 2), file));
        assertTrue(e.getMessage().startsWith("cannot write " + file + ": directory "), e.getMessage());
    }

    @Test
    void aDirectoryGivenAsTheFileIsRefusedAndKept() throws IOException {
        Path target = Files.createDirectory(dir.resolve("out.json"));
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class, () -> SampleExport.writeJson(TestSamples.sines(List.of("a"), 2), target));
        assertEquals("cannot write " + target + ": it is a directory", e.getMessage());
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void aRegularFileInThePlaceOfTheDirectoryIsNamed() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
        Path file = notADir.resolve("sample.csv");
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class, () -> SampleExport.writeCsv(TestSamples.sines(List.of("a"), 2), file));
        assertEquals("cannot write " + file + ": " + notADir + " is not a directory", e.getMessage());
    }

    @Test
    void checkWritableCreatesNothingAndNamesTheTargetWhenRefused() throws IOException {
        Path file = dir.resolve("later.csv");
        AtomicFiles.checkWritable(file);
        assertEquals(List.of(), listing(dir));
        Path missing = dir.resolve("no-such-dir").resolve("x.csv");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.checkWritable(missing));
        assertTrue(e.getMessage().startsWith("cannot write " + missing), e.getMessage());
        // /proc takes no new files whatever its permission bits say (even to root)
        assertTrue(Files.isDirectory(Path.of("/proc/self")), "the build runs on Linux, which has /proc");
        e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.checkWritable(Path.of("/proc/x.csv")));
        assertTrue(
                e.getMessage().startsWith("cannot write /proc/x.csv: cannot create a file in /proc"), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }

    @Test
    void aFailureHalfWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("keep.csv"), "previous");
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> AtomicFiles.write(file, out -> {
                    out.write("partial".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("No space left on device");
                }));
        assertEquals("cannot write " + file + ": No space left on device", e.getMessage());
        assertEquals("previous", read(file));
        assertEquals(List.of(file), listing(dir));
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFiles.write(file, out -> {
                    out.write(1);
                    throw new IllegalStateException("bug in the content");
                }));
        assertEquals(List.of(file), listing(dir));
    }

    @Test
    void aFailingWriterBecomesUnchecked() {
        Writer broken = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw new IOException("stream closed");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Sample s = TestSamples.sines(List.of("a"), 2);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SampleExport.writeCsv(s, broken));
        assertEquals("cannot write CSV: stream closed", e.getMessage());
        e = assertThrows(UncheckedIOException.class, () -> SampleExport.writeJson(s, broken));
        assertEquals("cannot write JSON: stream closed", e.getMessage());
    }

    private static void assertBits(double expected, double actual) {
        assertEquals(
                Double.doubleToRawLongBits(expected),
                Double.doubleToRawLongBits(actual),
                () -> "expected " + expected + " but read " + actual);
    }

    private static void assertJsonNumber(double expected, JsonNode node) {
        if (Double.isFinite(expected)) {
            assertTrue(node.isNumber(), () -> "expected " + expected + " but found " + node);
            // parse the token text ourselves: Jackson's own parse is also exact, this keeps it independent
            assertBits(expected, Double.parseDouble(node.asText()));
        } else {
            assertTrue(node.isNull(), () -> "expected null for " + expected + " but found " + node);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    /** A strict RFC 4180 reader: CRLF records, fields quoted with doubled inner quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                i++;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else {
                field.append(c);
                i++;
            }
        }
        assertFalse(quoted, "unterminated quote");
        assertTrue(row.isEmpty() && field.length() == 0, "last record not ended by CRLF");
        return rows;
    }
}
