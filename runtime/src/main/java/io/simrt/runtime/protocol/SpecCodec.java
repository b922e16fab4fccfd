package io.simrt.runtime.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.util.LRUMap;
import io.simrt.models.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns model specs into {@link SpecEnvelope}s and back. Nested specs (a Binomial wrapper's underlying model)
 * carry their class name inside the JSON; on decoding, every class named anywhere must start with one of the
 * allowed package prefixes ({@link AllowedClasses}), or decoding fails with {@link ClassNotAllowedException} naming
 * it; so must every class the spec's {@code build()} loads by name ({@link ModelSpec#classNames()}).
 */
public final class SpecCodec {
    private final AllowedClasses allowed;
    private final ClassLoader loader;
    private final ObjectMapper mapper;

    /** Reads classes from simrt's own class loader. */
    public SpecCodec(AllowedClasses allowed) {
        this(allowed, SpecCodec.class.getClassLoader());
    }

    /**
     * Reads classes through {@code loader} (an engine's loader of code shipped by its owner). The mapper's type
     * cache is its own, so that nothing of the loader's classes stays behind in Jackson's shared cache once the
     * codec is dropped.
     */
    public SpecCodec(AllowedClasses allowed, ClassLoader loader) {
        this.allowed = allowed;
        this.loader = loader;
        this.mapper = JsonMapper.builder()
                .activateDefaultTyping(allowed.typeValidator(false, "java.util."), ObjectMapper.DefaultTyping.NON_FINAL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .typeFactory(TypeFactory.defaultInstance()
                        .withClassLoader(loader)
                        .withCache(new LRUMap<Object, JavaType>(16, 200)))
                .build();
    }

    /** The classes a decoded spec may name lie under these. */
    public AllowedClasses allowed() {
        return allowed;
    }

    public SpecEnvelope encode(ModelSpec<?> spec) {
        String className = spec.getClass().getName();
        try {
            String json = mapper.writeValueAsString(spec);
            return new SpecEnvelope(idOf(spec.getClass().getSimpleName(), className, json), className, json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot describe model spec " + className + " as JSON (its fields must "
                            + "be numbers, strings, arrays, lists or nested specs): " + e.getOriginalMessage(),
                    e);
        }
    }

    /**
     * @throws ClassNotAllowedException if the spec class (or a nested one) is outside the allowed packages
     * @throws IllegalArgumentException if the class is missing here or the JSON does not fit it
     */
    public ModelSpec<?> decode(SpecEnvelope envelope) {
        String className = envelope.className();
        allowed.check("model", className, "");
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("model class " + className + " is not on this engine's classpath", e);
        }
        AllowedClasses.requireKind(type, ModelSpec.class);
        try {
            ModelSpec<?> spec = (ModelSpec<?>) mapper.readValue(envelope.json(), type);
            for (String named : spec.classNames()) {
                allowed.check("model", named, "");
            }
            return spec;
        } catch (InvalidTypeIdException e) {
            throw AllowedClasses.refused(
                    "model spec " + className + " names a class that is not allowed: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot rebuild model spec " + className + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String idOf(String simpleName, String className, String json) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(className.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(json.getBytes(StandardCharsets.UTF_8));
            String enclosing =
                    className.substring(className.lastIndexOf('.') + 1).replace("$Spec", "");
            return (enclosing.isEmpty() ? simpleName : enclosing) + "-"
                    + HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
