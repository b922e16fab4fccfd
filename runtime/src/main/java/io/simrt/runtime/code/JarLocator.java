package io.simrt.runtime.code;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The coordinator's side of shipping code: finds the jars that hold named classes, through the class loaders that
 * loaded the user's models, and holds their bytes by hash for engines to fetch.
 *
 * <p>A class loaded by a {@link URLClassLoader} of the user's own (the command line's {@code --model-jar} jars)
 * brings every jar of that loader, its dependencies among them; a class from the application class path brings the
 * jar (or directory, packed as a jar with fixed timestamps, so its hash depends only on its content) it came from.
 * simrt's own code is never shipped: engines run the same simrt. Thread-safe.
 */
public final class JarLocator {
    /** A jar found for shipping, with its bytes. */
    public record Located(JarRef ref, byte[] bytes) {}

    private final long maxJarBytes;
    private final Set<Path> simrtCode;
    private final Map<Path, Located> byLocation = new HashMap<>(); // guarded by this
    private final Map<String, Located> byHash = new HashMap<>(); // guarded by this

    /**
     * @param maxJarBytes the largest jar offered (larger ones fail the model's install, naming the jar)
     * @param simrtCode   classes of simrt itself: their jars or directories are never shipped
     */
    public JarLocator(long maxJarBytes, Class<?>... simrtCode) {
        this.maxJarBytes = maxJarBytes;
        Set<Path> own = new HashSet<>();
        for (Class<?> c : simrtCode) {
            location(c).ifPresent(own::add);
        }
        own.addAll(locationsOf(JarLocator.class));
        this.simrtCode = Set.copyOf(own);
    }

    /**
     * The jars that hold {@code classNames}, looked up through {@code loaders} in order.
     *
     * @throws CodeRefusedException if a class is found through none of them, or a jar is larger than allowed
     * @throws UncheckedIOException if a jar cannot be read
     */
    public synchronized List<JarRef> locate(List<String> classNames, List<ClassLoader> loaders) {
        Map<Path, String> wanted = new LinkedHashMap<>();
        for (String name : classNames) {
            Class<?> c = find(name, loaders)
                    .orElseThrow(() -> new CodeRefusedException("class " + name + " is on neither the engine's nor "
                            + "the coordinator's class path (nor in the jars given with the model)"));
            for (Path p : codeOf(c)) {
                if (!simrtCode.contains(p)) {
                    wanted.putIfAbsent(p, name);
                }
            }
        }
        List<JarRef> out = new ArrayList<>();
        for (Path p : wanted.keySet()) {
            Located l = byLocation.get(p);
            if (l == null) {
                l = read(p);
                byLocation.put(p, l);
                byHash.put(l.ref().sha256(), l);
            }
            out.add(l.ref());
        }
        return out;
    }

    /** The bytes of a jar {@link #locate} offered. */
    public synchronized Optional<Located> get(String sha256) {
        return Optional.ofNullable(byHash.get(sha256));
    }

    private static Optional<Class<?>> find(String name, List<ClassLoader> loaders) {
        for (ClassLoader l : loaders) {
            try {
                return Optional.of(Class.forName(name, false, l));
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return Optional.empty();
    }

    /** Where {@code c} came from: every jar of a user's URLClassLoader, else its own code source. */
    private static List<Path> codeOf(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        if (l instanceof URLClassLoader u && l != ClassLoader.getSystemClassLoader()) {
            List<Path> all = new ArrayList<>();
            for (URL url : u.getURLs()) {
                toPath(url).ifPresent(all::add);
            }
            return all;
        }
        return location(c).map(List::of).orElse(List.of());
    }

    private static List<Path> locationsOf(Class<?> c) {
        return location(c).map(List::of).orElse(List.of());
    }

    private static Optional<Path> location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null || cs.getLocation() == null ? Optional.empty() : toPath(cs.getLocation());
    }

    private static Optional<Path> toPath(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Located read(Path p) {
        try {
            byte[] bytes = Files.isDirectory(p) ? packDirectory(p) : readJar(p);
            if (bytes.length > maxJarBytes) {
                throw new CodeRefusedException("jar " + p + " is " + bytes.length + " bytes, over the " + maxJarBytes
                        + " bytes engines take (simrt.engine.code.max-jar-bytes)");
            }
            String name =
                    p.getFileName() == null ? p.toString() : p.getFileName().toString();
            return new Located(new JarRef(Sha256.hex(bytes), name, bytes.length), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + " to ship it to engines: " + e.getMessage(), e);
        }
    }

    private byte[] readJar(Path p) throws IOException {
        long size = Files.size(p);
        if (size > maxJarBytes) {
            throw new CodeRefusedException("jar " + p + " is " + size + " bytes, over the " + maxJarBytes
                    + " bytes engines take (simrt.engine.code.max-jar-bytes)");
        }
        return Files.readAllBytes(p);
    }

    /** A directory of classes as a jar: entries sorted by path, all dated 1980-01-01, so equal content hashes equal. */
    static byte[] packDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(buf)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                JarEntry e = new JarEntry(name);
                e.setTime(315532800000L);
                jar.putNextEntry(e);
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return buf.toByteArray();
    }
}
