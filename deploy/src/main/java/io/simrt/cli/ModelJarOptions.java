package io.simrt.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Where user models come from: {@code --model-jar} and the extra packages engines may load them from. */
final class ModelJarOptions {
    @Option(
            names = "--model-jar",
            paramLabel = "JAR",
            description = "A jar holding model classes (repeatable); loaded after the class path.")
    List<Path> jars = new ArrayList<>();

    @Option(
            names = "--allow-package",
            paramLabel = "PREFIX",
            description = "A package prefix (com.example.) the coordinator may ship and engines may load (repeatable). "
                    + "The package of a class given with --model, or named in --model-file, is allowed already.")
    List<String> allowPackages = new ArrayList<>();

    /**
     * The packages the coordinator may ship: {@code --allow-package} and the package of each named class (a class
     * given with {@code --model} or named in a model file), each as a prefix ending in a dot.
     */
    List<String> allowedWith(Collection<String> classNames) {
        Set<String> prefixes = new LinkedHashSet<>(allowPackages);
        for (String name : classNames) {
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                prefixes.add(name.substring(0, dot + 1));
            }
        }
        return List.copyOf(prefixes);
    }

    /** Opens the jars in a class loader of their own and makes it this thread's context class loader. */
    ModelClassLoader open() {
        for (String p : allowPackages) {
            if (p.isBlank()) {
                throw new UsageException("--allow-package must not be blank");
            }
        }
        return ModelClassLoader.open(jars);
    }
}
