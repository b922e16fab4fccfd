package io.simrt.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels the command line sets for itself. */
final class Logging {
    private Logging() {}

    /** Long-running nodes report what the runtime does (INFO), unless SIMRT_LOG_LEVEL says otherwise. */
    static void showRuntimeInfo() {
        if (System.getenv("SIMRT_LOG_LEVEL") == null && LoggerFactory.getLogger("io.simrt") instanceof Logger logger) {
            logger.setLevel(Level.INFO);
        }
    }
}
