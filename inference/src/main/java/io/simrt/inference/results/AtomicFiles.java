package io.simrt.inference.results;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a whole file or nothing: the content goes to a hidden temporary file in the target's directory
 * ({@code .name.<pid>-<n>.tmp}), which is then renamed over the target (atomically where the file system can).
 * On any failure the temporary file is deleted and the target is left as it was.
 *
 * <p>The temporary file is created with {@code CREATE_NEW} rather than {@link Files#createTempFile}, so the
 * result gets the process's ordinary umask permissions, not {@code rw-------}.
 */
public final class AtomicFiles {
    private static final AtomicLong COUNTER = new AtomicLong();

    /** The content of a file, written to a stream that the caller opens and closes. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Writes {@code content} to {@code target}, replacing an existing regular file.
     *
     * @throws UncheckedIOException whose message is {@code "cannot write <absolute path>: <reason>"} when the
     *                              target is a directory, its directory is missing or not a directory, or the
     *                              file system refuses (permissions, disk full, ...); the cause is the
     *                              underlying {@link IOException}
     */
    static void write(Path target, Content content) {
        Path file = target.toAbsolutePath().normalize();
        Path dir = checkTarget(file);
        Path tmp = createTemp(file, dir);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw failure(file, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Checks before a long run that {@link #write} could write {@code target}: the same checks, and the same
     * temporary file created in the target's directory and deleted again. The file system alone knows whether it
     * takes a new file there ({@code /proc}, a read-only mount, a full quota), whatever the permission bits say.
     *
     * @param target the file a run will write
     * @throws UncheckedIOException whose message is {@code "cannot write <absolute path>: <reason>"}, naming the
     *                              target, never the temporary file
     */
    public static void checkWritable(Path target) {
        Path file = target.toAbsolutePath().normalize();
        Path dir = checkTarget(file);
        Path tmp;
        try {
            tmp = createTemp(file, dir);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(
                    "cannot write " + file + ": cannot create a file in " + dir + " ("
                            + e.getCause().getClass().getSimpleName() + ")",
                    e.getCause());
        }
        deleteQuietly(tmp);
    }

    /** The directory of {@code file}, after the checks every write makes. */
    private static Path checkTarget(Path file) {
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            throw failure(file, new FileSystemException(file.toString(), null, "not a file path"));
        }
        if (Files.isDirectory(file)) {
            throw failure(file, new FileAlreadyExistsException(file.toString(), null, "it is a directory"));
        }
        if (!Files.exists(dir)) {
            throw failure(file, new NoSuchFileException(dir.toString(), null, "directory " + dir + " does not exist"));
        }
        if (!Files.isDirectory(dir)) {
            throw failure(file, new FileSystemException(dir.toString(), null, dir + " is not a directory"));
        }
        return dir;
    }

    private static Path createTemp(Path file, Path dir) {
        String base = "." + file.getFileName() + "." + ProcessHandle.current().pid() + "-";
        while (true) {
            Path tmp = dir.resolve(base + COUNTER.incrementAndGet() + ".tmp");
            try {
                Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // a leftover from an earlier process with the same pid: try the next number
            } catch (IOException e) {
                throw failure(file, e);
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // the original failure is the one worth reporting
        }
    }

    static UncheckedIOException failure(Path file, IOException cause) {
        return new UncheckedIOException("cannot write " + file + ": " + reason(cause), cause);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied" + (a.getFile() == null ? "" : " (" + a.getFile() + ")");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof FileSystemException f) {
            return e.getClass().getSimpleName() + " " + f.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
