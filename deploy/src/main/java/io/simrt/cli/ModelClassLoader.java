package io.simrt.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The class loader a command finds user models in: the {@code --model-jar} jars over the command line's own loader.
 * While open it is the calling thread's context class loader, through which model specs load classes by name;
 * closing restores the previous one and closes the jars.
 */
final class ModelClassLoader implements AutoCloseable {
    private final List<Path> jars;
    private final ClassLoader loader;
    private final ClassLoader previous;

    private ModelClassLoader(List<Path> jars, ClassLoader loader) {
        this.jars = List.copyOf(jars);
        this.loader = loader;
        this.previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
    }

    /** @throws UsageException naming the first jar that is missing, unreadable or not a jar */
    static ModelClassLoader open(List<Path> jars) {
        ClassLoader parent = ModelClassLoader.class.getClassLoader();
        if (jars.isEmpty()) {
            return new ModelClassLoader(jars, parent);
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            check(jar);
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UsageException("--model-jar " + jar + ": " + e.getMessage());
            }
        }
        return new ModelClassLoader(jars, new URLClassLoader("model-jars", urls.toArray(URL[]::new), parent));
    }

    private static void check(Path jar) {
        if (!Files.exists(jar)) {
            throw new UsageException("--model-jar " + jar + ": no such file");
        }
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new UsageException("--model-jar " + jar + ": not a readable file");
        }
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // opened: it is a jar (zip) file
        } catch (IOException e) {
            throw new UsageException("--model-jar " + jar + ": not a jar (" + e.getMessage() + ")");
        }
    }

    ClassLoader loader() {
        return loader;
    }

    List<Path> jars() {
        return jars;
    }

    /** Where a class was looked for, for messages: "the class path" or "the class path nor in the --model-jar jars". */
    String searched() {
        return jars.isEmpty() ? "not on the class path" : "not on the class path nor in the --model-jar jars " + jars;
    }

    @Override
    public void close() {
        Thread.currentThread().setContextClassLoader(previous);
        if (loader instanceof URLClassLoader u) {
            try {
                u.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
