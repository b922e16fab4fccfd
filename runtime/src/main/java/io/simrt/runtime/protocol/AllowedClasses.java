package io.simrt.runtime.protocol;

import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import java.util.Arrays;
import java.util.List;

/**
 * The one rule for which classes a name on the wire may become: those under the allowed package prefixes
 * ({@code simrt.engine.allowed-packages}), plus the JDK value types a codec lists. Every codec (model specs, tasks,
 * values) checks through here, before anything is loaded, and fails with {@link ClassNotAllowedException}.
 */
public final class AllowedClasses {
    private static final String SETTING = "simrt.engine.allowed-packages";

    private final List<String> packages;

    private AllowedClasses(List<String> packages) {
        this.packages = packages;
    }

    /**
     * @param packages package prefixes such as {@code "io.simrt."}
     * @throws IllegalArgumentException for a blank prefix, which would allow every class
     */
    public static AllowedClasses of(List<String> packages) {
        for (String p : packages) {
            if (p == null || p.isBlank()) {
                throw new IllegalArgumentException(SETTING + " contains a blank prefix, which would allow every class; "
                        + "list package prefixes such as \"io.simrt.\"");
            }
        }
        return new AllowedClasses(List.copyOf(packages));
    }

    public List<String> packages() {
        return packages;
    }

    /** Whether {@code className} lies under an allowed prefix. */
    public boolean allows(String className) {
        for (String p : packages) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param what  what the class is for, for the message ("model", "task")
     * @param where whose rule refused it ("engine 127.0.0.1:25520/e0"), or empty
     * @throws ClassNotAllowedException if {@code className} lies outside the allowed packages
     */
    public void check(String what, String className, String where) {
        if (!allows(className)) {
            throw new ClassNotAllowedException(
                    what + " class " + className + " is not in the allowed packages " + packages
                            + (where.isEmpty() ? "" : " of " + where) + " (" + SETTING + ")",
                    null);
        }
    }

    /**
     * @throws ClassNotAllowedException if {@code type} is none of {@code kinds} (a model spec that is no spec)
     */
    public static void requireKind(Class<?> type, Class<?>... kinds) {
        for (Class<?> k : kinds) {
            if (k.isAssignableFrom(type)) {
                return;
            }
        }
        List<String> names = Arrays.stream(kinds).map(Class::getSimpleName).toList();
        String list = names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new ClassNotAllowedException(type.getName() + " is not a " + list, null);
    }

    /** A refusal found by a codec while reading (a nested type id naming a class this rule does not allow). */
    static ClassNotAllowedException refused(String message, Throwable cause) {
        return new ClassNotAllowedException(message, cause);
    }

    /**
     * What a Jackson mapper with default typing may instantiate from a type id: classes under {@code jdkPrefixes}
     * and the allowed packages, and arrays if {@code arrays}.
     */
    PolymorphicTypeValidator typeValidator(boolean arrays, String... jdkPrefixes) {
        BasicPolymorphicTypeValidator.Builder ptv = BasicPolymorphicTypeValidator.builder();
        for (String p : jdkPrefixes) {
            ptv.allowIfSubType(p);
        }
        for (String p : packages) {
            ptv.allowIfSubType(p);
        }
        if (arrays) {
            ptv.allowIfSubTypeIsArray();
        }
        return ptv.build();
    }

    @Override
    public String toString() {
        return "AllowedClasses" + packages;
    }
}
