package io.simrt.api;

import java.util.Map;

/** What a {@link Task} sees of the engine it runs on. */
public interface EngineContext {
    String engineId();

    /**
     * The engine's namespace: values pushed or scattered to it, kept between calls until cleared or purged. Only
     * the engine's own thread touches it while a task runs.
     */
    Map<String, Object> namespace();
}
