package io.simrt.runtime.code;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources into a jar during a test: the user's model jar that only a coordinator holds. */
public final class JarCompiler {
    private JarCompiler() {}

    /** {@link #compile(Path, String, Map, Map)} without resources. */
    public static Path compile(Path dir, String jarName, Map<String, String> sources) {
        return compile(dir, jarName, sources, Map.of());
    }

    /** One text resource (UTF-8), such as a {@code META-INF/services} entry. */
    public static Map<String, byte[]> text(String path, String content) {
        return Map.of(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param dir     a scratch directory (sources, classes and the jar go under it)
     * @param jarName the jar's file name
     * @param sources source text by fully qualified class name
     * @param extra   more files to put in the jar, by path inside it (a ServiceLoader entry, padding)
     * @return the jar; the test class path is the compile class path
     */
    public static Path compile(Path dir, String jarName, Map<String, String> sources, Map<String, byte[]> extra) {
        try {
            Path src = Files.createDirectories(dir.resolve(jarName + "-src"));
            Path classes = Files.createDirectories(dir.resolve(jarName + "-classes"));
            List<String> args = new ArrayList<>(
                    List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"), "--release", "17"));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', File.separatorChar) + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no Java compiler in this JVM: run the tests on a JDK");
            }
            int rc = javac.run(null, null, null, args.toArray(new String[0]));
            if (rc != 0) {
                throw new IllegalStateException("javac failed (" + rc + ") on " + sources.keySet());
            }
            Path jar = dir.resolve(jarName);
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream j = new JarOutputStream(out);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, j);
                    j.closeEntry();
                }
                for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                    j.putNextEntry(new JarEntry(e.getKey()));
                    j.write(e.getValue());
                    j.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
