package io.simrt.runtime.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.simrt.api.Fn;
import io.simrt.api.StarFn;
import io.simrt.api.Task;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns user tasks and functions into {@link TaskEnvelope}s and back. A task's class must come from the allowed
 * packages and implement {@link Task}, {@link Fn} or {@link StarFn}; a class that is allowed but absent on this
 * engine fails with an error naming it.
 */
public final class TaskCodec {
    private final AllowedClasses allowed;
    private final ObjectMapper mapper;
    /** Readers of task classes already checked and loaded (a map of many small tasks decodes one per shard). */
    private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

    public TaskCodec(AllowedClasses allowed) {
        this.allowed = allowed;
        this.mapper = JsonMapper.builder()
                .activateDefaultTyping(
                        allowed.typeValidator(true, "java.util.", "java.lang."), ObjectMapper.DefaultTyping.NON_FINAL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public TaskEnvelope encode(Object task) {
        Class<?> type = task.getClass();
        if (type.isSynthetic() || type.getName().contains("$$Lambda")) {
            throw new IllegalArgumentException("a lambda cannot travel to an engine: write the task as a class (a "
                    + "record) implementing " + Task.class.getSimpleName() + ", " + Fn.class.getSimpleName() + " or "
                    + StarFn.class.getSimpleName());
        }
        try {
            return new TaskEnvelope(type.getName(), mapper.writeValueAsString(task));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot send task " + type.getName() + " to engines: " + e.getOriginalMessage()
                            + " (its fields must be numbers, strings, arrays, lists or records)",
                    e);
        }
    }

    /**
     * @throws ClassNotAllowedException if the class is outside the allowed packages or not a task
     * @throws TaskClassMissingException if it is allowed but not on this classpath
     */
    public Object decode(TaskEnvelope envelope, String engineId) {
        String className = envelope.className();
        ObjectReader reader = readers.computeIfAbsent(className, c -> mapper.readerFor(checkedClass(c, engineId)));
        try {
            return reader.readValue(envelope.json());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot rebuild task " + className + " on engine " + engineId + ": " + e.getOriginalMessage(), e);
        }
    }

    private Class<?> checkedClass(String className, String engineId) {
        allowed.check("task", className, "engine " + engineId);
        Class<?> type;
        try {
            type = Class.forName(className, false, TaskCodec.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new TaskClassMissingException(
                    "task class " + className + " is not on the classpath of engine " + engineId);
        }
        AllowedClasses.requireKind(type, Task.class, Fn.class, StarFn.class);
        return type;
    }

    /** An allowed task class that this engine's classpath lacks. */
    public static final class TaskClassMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TaskClassMissingException(String message) {
            super(message);
        }
    }
}
