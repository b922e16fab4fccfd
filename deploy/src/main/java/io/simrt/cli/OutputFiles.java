package io.simrt.cli;

import io.simrt.inference.results.AtomicFiles;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks output paths before a run starts, so that a long run is never lost to a typo in a file name. */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * @throws UsageException if {@code file} is a directory, its directory does not exist, or it cannot be
     *     written: the file system must take the temporary file the result is written through (AtomicFiles)
     */
    static Path checkWritable(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new UsageException(option + " " + file + " is a directory, not a file");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UsageException(option + " " + file + ": directory " + dir + " does not exist");
        }
        if (Files.exists(abs) ? !Files.isWritable(abs) : !Files.isWritable(dir)) {
            throw new UsageException(option + " " + file + " cannot be written (permission denied)");
        }
        try {
            AtomicFiles.checkWritable(abs);
        } catch (UncheckedIOException e) {
            throw new UsageException(option + " " + file + ": " + e.getMessage());
        }
        return abs;
    }
}
