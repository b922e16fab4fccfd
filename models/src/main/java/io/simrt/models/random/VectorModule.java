package io.simrt.models.random;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether this JVM may use the JDK's Vector API, and loading the classes that do. The API is the incubator module
 * {@code jdk.incubator.vector}, resolved only when the JVM is started with {@code --add-modules
 * jdk.incubator.vector} (the jar's launcher and the image set it); the system property {@code simrt.vector=false}
 * turns it off. A class that links against the module is loaded by name, only after the module was found, so that
 * nothing else does; every vector kernel has a scalar twin that gives the same numbers (NaNs may differ in their
 * payload bits, which no result depends on).
 */
public final class VectorModule {
    private VectorModule() {}

    /** The module is resolved and not turned off by {@code -Dsimrt.vector=false}. */
    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty("simrt.vector", "true"))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * A new instance of {@code className} (a class in the package of {@code lookup}'s class, with a no-argument
     * constructor, that links against the module) as a {@code type}, or {@code scalar}'s when the module is not
     * {@link #enabled}, the class cannot be made, or {@code usable} says no to it (a CPU whose vectors are too
     * narrow). Pass {@code MethodHandles.lookup()}: it lets a package-private class be made.
     */
    public static <T> T load(
            MethodHandles.Lookup lookup, String className, Class<T> type, Predicate<T> usable, Supplier<T> scalar) {
        if (!enabled()) {
            return scalar.get();
        }
        try {
            Class<?> c = lookup.findClass(className);
            T k = type.cast(
                    lookup.findConstructor(c, MethodType.methodType(void.class)).invoke());
            return usable.test(k) ? k : scalar.get();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // no such class or constructor, a class that does not link, or one whose static set-up failed (such as
            // an unreadable simrt.vector.bits): the scalar twin gives the same numbers
            return scalar.get();
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            // invoke() declares Throwable; a no-argument constructor throws nothing checked
            return scalar.get();
        }
    }

    /**
     * The vector width a kernel uses: {@code -Dsimrt.vector.bits} if set, else what the CPU prefers ({@code
     * preferred}, the Vector API's {@code SPECIES_PREFERRED} width, asked only here so that this class does not link
     * against the module); 512 or 256, or 0 when vectors hold fewer than 256 bits.
     */
    public static int bits(IntSupplier preferred) {
        String forced = System.getProperty("simrt.vector.bits");
        int bits = forced != null ? Integer.parseInt(forced.trim()) : preferred.getAsInt();
        return bits >= 512 ? 512 : bits >= 256 ? 256 : 0;
    }
}
