package io.simrt.runtime.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The jars this JVM's engines were shipped, on disk by hash ({@code <sha256>.jar} in a directory of this JVM's own),
 * shared by its engines: a jar is fetched once per node, whoever asks first. A jar enters only after its length and
 * hash are checked against what was asked for, so what a class loader reads is what the coordinator offered.
 */
public final class JarCache {
    private static final JarCache SHARED = new JarCache();

    private Path dir; // guarded by this; made on the first jar kept

    private JarCache() {}

    /** This JVM's cache. Its directory, under java.io.tmpdir and removed at exit, is made when a jar first arrives. */
    public static JarCache shared() {
        return SHARED;
    }

    private synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("simrt-code-");
                Path made = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(made), "simrt-code-cleanup"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for shipped jars: " + e.getMessage(), e);
            }
        }
        return dir;
    }

    /** The jar with this hash, if this JVM holds it. */
    public synchronized Optional<Path> get(String sha256) {
        if (dir == null) {
            return Optional.empty();
        }
        Path p = dir.resolve(sha256 + ".jar");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Keeps {@code bytes} as the jar {@code ref} names.
     *
     * @param maxBytes the largest jar this engine takes
     * @throws CodeRefusedException if the bytes are longer than {@code maxBytes} or do not match the ref's length
     *                              and hash (nothing is written then)
     */
    public Path put(JarRef ref, byte[] bytes, long maxBytes) {
        if (bytes.length > maxBytes) {
            throw new CodeRefusedException("jar " + ref + " is larger than the " + maxBytes
                    + " bytes this engine takes (simrt.engine.code.max-jar-bytes)");
        }
        String actual = Sha256.hex(bytes);
        if (bytes.length != ref.size() || !actual.equals(ref.sha256())) {
            throw new CodeRefusedException("jar " + ref.name() + " arrived as " + bytes.length + " bytes with sha256 "
                    + actual.substring(0, 12) + ", not the " + ref.size() + " bytes with sha256 " + ref.shortHash()
                    + " that were offered: refused, nothing was loaded from it");
        }
        Path dir = dir();
        Path target = dir.resolve(ref.sha256() + ".jar");
        try {
            Path tmp = Files.createTempFile(dir, ref.shortHash(), ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep jar " + ref + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: the directory is under java.io.tmpdir
        }
    }
}
