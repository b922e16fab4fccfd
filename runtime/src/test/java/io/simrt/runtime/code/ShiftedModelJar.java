package io.simrt.runtime.code;

import io.simrt.models.abc.AbcModel;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A user's model in a jar of its own, package {@code com.example} (outside simrt's allowed packages): MA2 with its
 * distances shifted by a constant compiled into the class, so two versions of the one class name give different
 * answers. Each instance leaves a weak reference to its class loader in the system properties, under
 * {@code simrt.test.loader.<shift>.<loader name>}, so tests can tell when an engine's loader is collected.
 */
final class ShiftedModelJar {
    static final String CLASS = "com.example.Shifted";
    static final String PROPERTY_PREFIX = "simrt.test.loader.";

    private ShiftedModelJar() {}

    /**
     * Compiles the version with {@code shift} into {@code dir/name}, with {@code padding} random bytes of extra
     * resource.
     */
    static Path build(Path dir, String name, double shift, int padding) {
        String source = """
                package com.example;

                import io.simrt.models.ModelSpec;
                import io.simrt.models.RandomStream;
                import io.simrt.models.abc.AbcModel;
                import io.simrt.models.ma2.Ma2Abc;
                import java.lang.ref.WeakReference;
                import java.util.List;

                public final class Shifted implements AbcModel {
                    public record Spec(double s1, double s2) implements ModelSpec<AbcModel> {
                        @Override
                        public AbcModel build() {
                            return new Shifted(s1, s2);
                        }
                    }

                    static final double SHIFT = %s;
                    private final Ma2Abc inner;
                    private final double s1;
                    private final double s2;

                    public Shifted(double s1, double s2) {
                        this.s1 = s1;
                        this.s2 = s2;
                        this.inner = Ma2Abc.of(100, s1, s2);
                        ClassLoader l = Shifted.class.getClassLoader();
                        System.getProperties().put("%s" + SHIFT + "." + l.getName(), new WeakReference<>(l));
                    }

                    @Override public String name() { return "shifted"; }
                    @Override public List<String> parameterNames() { return inner.parameterNames(); }
                    @Override public void samplePrior(int n, RandomStream rng, double[] out) {
                        inner.samplePrior(n, rng, out);
                    }
                    @Override public double priorDensity(double[] p, int row) { return inner.priorDensity(p, row); }
                    @Override public void simulateDistances(double[] p, int n, RandomStream rng, double[] out) {
                        inner.simulateDistances(p, n, rng, out);
                        for (int i = 0; i < n; i++) {
                            out[i] += SHIFT;
                        }
                    }
                    @Override public ModelSpec<AbcModel> spec() { return new Spec(s1, s2); }
                }
                """.formatted(Double.toString(shift), PROPERTY_PREFIX);
        byte[] noise = new byte[padding];
        new Random(padding).nextBytes(noise); // incompressible: the jar is about as large as asked
        Map<String, byte[]> extra = padding > 0 ? Map.of("padding.bin", noise) : Map.of();
        return JarCompiler.compile(dir, name, Map.of(CLASS, source), extra);
    }

    /** The loader of {@code jar} (what {@code simrt abc --model-jar} makes) and the model built through it. */
    static AbcModel load(Path jar, double s1, double s2) throws Exception {
        URLClassLoader loader =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, ShiftedModelJar.class.getClassLoader());
        return (AbcModel) Class.forName(CLASS, true, loader)
                .getConstructor(double.class, double.class)
                .newInstance(s1, s2);
    }

    /** Weak references to the engines' loaders of the version with {@code shift}, left by its instances. */
    static List<WeakReference<?>> engineLoaders(double shift) {
        String prefix = PROPERTY_PREFIX + shift + ".simrt-shipped-";
        List<WeakReference<?>> out = new ArrayList<>();
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String s && s.startsWith(prefix) && v instanceof WeakReference<?> w) {
                out.add(w);
            }
        });
        return out;
    }
}
