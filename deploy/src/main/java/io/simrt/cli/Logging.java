package io.simrt.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Log levels the command line sets for itself. */
final class Logging {
    private Logging() {}

    /** The levels logback takes for {@code SIMRT_LOG_LEVEL} (logback.xml), in any case. */
    static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");

    /**
     * Why {@code SIMRT_LOG_LEVEL = value} is refused, or empty when it is unset or a level: logback would take any
     * other word for DEBUG without a word.
     */
    static Optional<String> checkLevel(String value) {
        if (value == null || LEVELS.contains(value.trim().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(
                "SIMRT_LOG_LEVEL = \"" + value + "\" is not a log level; use one of " + String.join(", ", LEVELS));
    }

    /** Long-running nodes report what the runtime does (INFO), unless SIMRT_LOG_LEVEL says otherwise. */
    static void showRuntimeInfo() {
        if (System.getenv("SIMRT_LOG_LEVEL") == null && LoggerFactory.getLogger("io.simrt") instanceof Logger logger) {
            logger.setLevel(Level.INFO);
        }
    }
}
