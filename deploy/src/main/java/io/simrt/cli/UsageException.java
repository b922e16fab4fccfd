package io.simrt.cli;

/** The command line was used wrongly: exits with status 2 and this message on one line. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
