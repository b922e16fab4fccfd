package io.simrt.cli;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Loads a user's model class named on the command line and makes an instance, each failure one usage line. */
final class UserClasses {
    private UserClasses() {}

    /** Whether {@code value} reads as a fully qualified class name rather than a model's short name. */
    static boolean looksLikeClassName(String value) {
        return value.contains(".") && !value.endsWith(".");
    }

    /**
     * Loads {@code className} (given with {@code option}) from the model jars and the class path, without
     * initializing it.
     *
     * @throws UsageException if it is missing or cannot be linked
     */
    static Class<?> load(String option, String className, ModelClassLoader code) {
        try {
            return Class.forName(className, false, code.loader());
        } catch (ClassNotFoundException e) {
            throw new UsageException(option + " " + className + ": class " + className + " is " + code.searched());
        } catch (LinkageError e) {
            throw new UsageException(option + " " + className + ": class " + className + " cannot be loaded: " + e);
        }
    }

    /**
     * The public no-arg constructor of {@code type}.
     *
     * @throws UsageException if it has none or the class is abstract or not public
     */
    static <T> Constructor<T> requireInstantiable(String option, Class<T> type) {
        String name = type.getName();
        if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            throw new UsageException(option + " " + name + ": " + name + " must be a public, non-abstract class");
        }
        try {
            return type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new UsageException(option + " " + name + ": " + name + " has no public no-arg constructor");
        }
    }

    /**
     * A new instance of {@code type} through its public no-arg constructor.
     *
     * @throws UsageException if it has none or is abstract
     * @throws IllegalStateException if the constructor throws (the model's own failure, not a usage error)
     */
    static <T> T instantiate(String option, Class<? extends T> type) {
        String name = type.getName();
        Constructor<? extends T> ctor = requireInstantiable(option, type);
        try {
            return ctor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    option + " " + name + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(option + " " + name + ": cannot create an instance: " + e, e);
        }
    }
}
