package io.simrt.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as options take them: {@code 3s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {}

    /**
     * @throws UsageException naming {@code option} when {@code value} is not such a duration, or not above zero
     */
    static Duration positive(String option, String value) {
        Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException(option + " " + value + ": expected a duration such as 3s, 500ms or 2m");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = amount
                * switch (unit) {
                    case "ms" -> 1;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 1_000;
                };
        if (millis < 1) {
            throw new UsageException(option + " " + value + ": must be at least 1 ms");
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
