package io.simrt.config.modelfile;

import io.simrt.config.SettingsException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Instances of the user classes a model file names, loaded through the thread's context class loader (on an engine,
 * the loader of the coordinator's jars), each failure one line naming the class and what it must be.
 */
final class UserClass {
    private UserClass() {}

    static <T> T create(String className, Class<T> kind) {
        Class<?> type = load(className, kind);
        try {
            return kind.cast(type.getConstructor().newInstance());
        } catch (InvocationTargetException e) {
            throw new SettingsException("class " + className + ": its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new SettingsException("class " + className + " cannot be created: " + e, e);
        }
    }

    /**
     * Loads {@code className}, checking that it implements {@code kind} and is a public, non-abstract class with a
     * public no-arg constructor, without creating an instance.
     */
    static Class<?> load(String className, Class<?>... kinds) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type;
        try {
            type = Class.forName(className, false, loader != null ? loader : UserClass.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new SettingsException(
                    "class " + className + " is not on the class path (nor in the model jars given)");
        } catch (LinkageError e) {
            throw new SettingsException("class " + className + " cannot be loaded: " + e, e);
        }
        if (Arrays.stream(kinds).noneMatch(k -> k.isAssignableFrom(type))) {
            throw new SettingsException(
                    "class " + className + " is not a " + kinds[0].getSimpleName() + ": it must " + "implement "
                            + Arrays.stream(kinds).map(Class::getCanonicalName).collect(Collectors.joining(" or ")));
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new SettingsException("class " + className + " must be public and not abstract");
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new SettingsException("class " + className + " has no public no-arg constructor");
        }
        return type;
    }
}
