package io.simrt.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding the thread that is ending the JVM, from stacks as a JVM inside System.exit shows them. */
class ExitCulpritTest {
    private static StackTraceElement frame(String cls, String method, String file, int line) {
        return new StackTraceElement(cls, method, file, line);
    }

    /** A thread blocked in the exit's shutdown hooks, called from {@code caller}, innermost frame first. */
    private static StackTraceElement[] exiting(StackTraceElement caller, boolean throughRuntime) {
        StackTraceElement hooks =
                frame("java.lang.ApplicationShutdownHooks", "runHooks", "ApplicationShutdownHooks.java", 107);
        StackTraceElement shutdown = frame("java.lang.Shutdown", "exit", "Shutdown.java", 173);
        StackTraceElement runtime = frame("java.lang.Runtime", "exit", "Runtime.java", 115);
        StackTraceElement system = frame("java.lang.System", "exit", "System.java", 1860);
        StackTraceElement above = frame("io.simrt.api.BatchWork", "run", "BatchWork.java", 50);
        return throughRuntime
                ? new StackTraceElement[] {hooks, shutdown, runtime, caller, above}
                : new StackTraceElement[] {hooks, shutdown, runtime, system, caller, above};
    }

    private static final StackTraceElement USER = frame("com.example.Model", "simulate", "Model.java", 42);
    private static final StackTraceElement[] IDLE = {frame("java.lang.Object", "wait", "Object.java", -2)};

    @Test
    void theThreadInsideSystemExitIsFoundWithTheFrameThatCalledIt() {
        Thread worker = new Thread(() -> {}, "simrt-simrt.engine-dispatcher-7");
        Thread other = new Thread(() -> {}, "simrt-pekko.actor.default-dispatcher-3");
        Map<Thread, StackTraceElement[]> stacks = new LinkedHashMap<>();
        stacks.put(other, IDLE);
        stacks.put(worker, exiting(USER, false));
        Optional<ExitCulprit> found = ExitCulprit.find(stacks);
        assertTrue(found.isPresent());
        assertEquals(worker, found.get().thread());
        assertEquals("com.example.Model.simulate(Model.java:42)", found.get().caller());
    }

    @Test
    void runtimeExitIsFoundToo() {
        Thread worker = new Thread(() -> {}, "worker");
        Optional<ExitCulprit> found = ExitCulprit.find(Map.of(worker, exiting(USER, true)));
        assertEquals(
                "com.example.Model.simulate(Model.java:42)", found.orElseThrow().caller());
    }

    @Test
    void aSignalHandlerIsAStopOnRequestNotACulprit() {
        StackTraceElement handler = frame("java.lang.Terminator$1", "handle", "Terminator.java", 51);
        Thread sigterm = new Thread(() -> {}, "SIGTERM handler");
        Thread sigint = new Thread(() -> {}, "SIGINT handler");
        assertFalse(ExitCulprit.find(Map.of(sigterm, exiting(handler, true))).isPresent());
        assertFalse(ExitCulprit.find(Map.of(sigint, exiting(handler, true))).isPresent());
        assertTrue(ExitCulprit.isSignalHandler("SIGHUP handler"));
        assertFalse(ExitCulprit.isSignalHandler("SIGNAL-worker"));
    }

    @Test
    void noThreadExitingMeansNoCulprit() {
        Thread worker = new Thread(() -> {}, "worker");
        assertFalse(ExitCulprit.find(Map.of(worker, IDLE)).isPresent());
        assertFalse(ExitCulprit.find().isPresent(), "this JVM is not exiting");
    }
}
