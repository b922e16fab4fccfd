package io.simrt.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus' text exposition format 0.0.4, for tests: every line must be a {@code # HELP},
 * {@code # TYPE}, another comment, a blank line or a sample; names and label names must be valid; label values must
 * be properly escaped and quoted; a family's TYPE comes before its samples and its samples are contiguous; sample
 * names must fit the family's type (a gauge's or counter's the family's name, or a counter's that plus {@code
 * _total}; histograms {@code _bucket}, {@code _sum}, {@code
 * _count}, {@code _created}); a histogram's buckets must not decrease and its {@code +Inf} bucket must equal its
 * count. Anything else throws with the line number.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {}

    /** One metric family: its type, help and samples. */
    record Family(String name, String type, String help, List<Sample> samples) {
        /** The sum of the values of the samples named {@code sampleName}. */
        double sum(String sampleName) {
            return samples.stream()
                    .filter(s -> s.name().equals(sampleName))
                    .mapToDouble(Sample::value)
                    .sum();
        }
    }

    private PrometheusText() {}

    /** The families of {@code text}, by name, in order. */
    static Map<String, Family> parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> help = new LinkedHashMap<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("HELP")) {
                    name(parts[2], no);
                    help.put(parts[2], parts.length == 4 ? parts[3] : "");
                } else if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    name(parts[2], no);
                    if (parts.length != 4 || !TYPES.contains(parts[3])) {
                        throw fail(no, "TYPE needs one of " + TYPES + ": " + line);
                    }
                    if (families.containsKey(parts[2])) {
                        throw fail(no, "second TYPE for " + parts[2]);
                    }
                    families.put(
                            parts[2],
                            new Family(parts[2], parts[3], help.getOrDefault(parts[2], ""), new ArrayList<>()));
                    current = parts[2];
                }
                continue;
            }
            Sample s = sample(line, no);
            String family = familyOf(s.name(), families);
            if (family == null) {
                throw fail(no, "sample " + s.name() + " before any TYPE of its family");
            }
            if (!family.equals(current)) {
                throw fail(no, "samples of " + family + " are not contiguous");
            }
            families.get(family).samples().add(s);
        }
        for (Family f : families.values()) {
            if (f.type().equals("histogram")) {
                checkHistogram(f);
            }
        }
        return families;
    }

    private static String familyOf(String sample, Map<String, Family> families) {
        Family f = families.get(sample);
        if (f != null && !f.type().equals("histogram") && !f.type().equals("summary")) {
            return sample; // 0.0.4 names a counter's family as its samples (x_total), OpenMetrics without _total
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                Family g = families.get(base);
                if (g == null) {
                    continue;
                }
                boolean fits = switch (g.type()) {
                    case "counter" -> suffix.equals("_total") || suffix.equals("_created");
                    case "histogram" -> !suffix.equals("_total");
                    case "summary" -> suffix.equals("_sum") || suffix.equals("_count") || suffix.equals("_created");
                    default -> false;
                };
                if (fits) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, int no) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = name(line.substring(0, i), no);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw fail(no, "label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL.matcher(label).matches()) {
                    throw fail(no, "bad label name '" + label + "'");
                }
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw fail(no, "label value not quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    if (j >= line.length()) {
                        throw fail(no, "unterminated label value");
                    }
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(j + 1);
                        switch (e) {
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            case 'n' -> v.append('\n');
                            default -> throw fail(no, "bad escape \\" + e);
                        }
                        j += 2;
                    } else if (c == '"') {
                        j++;
                        break;
                    } else {
                        v.append(c);
                        j++;
                    }
                }
                if (labels.put(label, v.toString()) != null) {
                    throw fail(no, "label " + label + " twice");
                }
                if (line.charAt(j) == ',') {
                    j++;
                } else if (line.charAt(j) != '}') {
                    throw fail(no, "expected ',' or '}' after a label");
                }
                i = j;
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw fail(no, "no value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw fail(no, "more than a value and a timestamp");
        }
        double value = value(rest[0], no);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw fail(no, "bad timestamp " + rest[1]);
            }
        }
        return new Sample(name, labels, value);
    }

    private static double value(String s, int no) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw fail(no, "bad value '" + s + "'");
                }
                yield Double.parseDouble(s);
            }
        };
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<double[]>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            Map<String, String> rest = new LinkedHashMap<>(s.labels());
            if (s.name().endsWith("_bucket")) {
                String le = rest.remove("le");
                if (le == null) {
                    throw new IllegalArgumentException(f.name() + ": a bucket without le");
                }
                buckets.computeIfAbsent(rest, k -> new ArrayList<>()).add(new double[] {
                    le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), s.value()
                });
            } else if (s.name().endsWith("_count")) {
                counts.put(rest, s.value());
            }
        }
        buckets.forEach((labels, bs) -> {
            double lastLe = Double.NEGATIVE_INFINITY;
            double lastCount = 0;
            for (double[] b : bs) {
                if (b[0] <= lastLe || b[1] < lastCount) {
                    throw new IllegalArgumentException(f.name() + labels + ": buckets out of order or decreasing");
                }
                lastLe = b[0];
                lastCount = b[1];
            }
            if (lastLe != Double.POSITIVE_INFINITY || !Double.valueOf(lastCount).equals(counts.get(labels))) {
                throw new IllegalArgumentException(f.name() + labels + ": the +Inf bucket must equal the count");
            }
        });
    }

    private static String name(String s, int no) {
        Matcher m = NAME.matcher(s);
        if (!m.matches()) {
            throw fail(no, "bad metric name '" + s + "'");
        }
        return s;
    }

    private static IllegalArgumentException fail(int no, String why) {
        return new IllegalArgumentException("line " + no + ": " + why);
    }
}
