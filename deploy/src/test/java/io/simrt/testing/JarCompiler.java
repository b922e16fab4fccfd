package io.simrt.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources during a test into a jar, as a user would build a model jar: against the test's own class
 * path (so simrt's API is visible) plus any paths given. For tests that need code simrt was not built with.
 */
public final class JarCompiler {
    private JarCompiler() {}

    /**
     * Compiles {@code sourcesByClassName} (fully qualified class name to its source) into {@code dir/jarName}.
     *
     * @return the jar
     * @throws IllegalStateException with javac's diagnostics if the sources do not compile
     */
    public static Path compile(Path dir, String jarName, Map<String, String> sourcesByClassName, Path... classpath) {
        return compile(dir, jarName, sourcesByClassName, Map.of(), classpath);
    }

    /**
     * As {@link #compile(Path, String, Map, Path...)}, and adds {@code resourcesByPath} (a path inside the jar,
     * such as {@code META-INF/services/...}, to its text) to the jar.
     */
    public static Path compile(
            Path dir,
            String jarName,
            Map<String, String> sourcesByClassName,
            Map<String, String> resourcesByPath,
            Path... classpath) {
        try {
            Path work = Files.createDirectories(dir.resolve(jarName + ".build"));
            Path src = Files.createDirectories(work.resolve("src"));
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of(
                    "-d", classes.toString(), "-proc:none", "--release", "17", "-classpath", classpath(classpath)));
            for (Map.Entry<String, String> e : sourcesByClassName.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no system Java compiler: tests need a JDK, not a JRE");
            }
            StringWriter diagnostics = new StringWriter();
            OutputStream err = new OutputStream() {
                @Override
                public void write(int b) {
                    diagnostics.write(b);
                }
            };
            if (javac.run(null, null, err, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("sources for " + jarName + " do not compile:\n" + diagnostics);
            }
            Path jar = dir.resolve(jarName);
            writeJar(jar, classes, resourcesByPath);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String classpath(Path... extra) {
        List<String> parts = new ArrayList<>();
        for (Path p : extra) {
            parts.add(p.toString());
        }
        // Surefire may hide the class path behind a manifest-only jar; it names the real one in this property.
        String testPath = System.getProperty("surefire.test.class.path");
        parts.add(testPath != null ? testPath : System.getProperty("java.class.path"));
        return String.join(java.io.File.pathSeparator, parts);
    }

    private static void writeJar(Path jar, Path classes, Map<String, String> resources) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                out.putNextEntry(new JarEntry(r.getKey()));
                out.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
