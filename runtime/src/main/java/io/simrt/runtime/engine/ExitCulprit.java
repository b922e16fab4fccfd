package io.simrt.runtime.engine;

import java.util.Map;
import java.util.Optional;

/**
 * Who is ending this JVM, found from the threads' stacks as the node shuts down: a thread inside
 * {@code java.lang.Shutdown.exit} called {@code System.exit} (or {@code Runtime.exit}). A JVM signal handler
 * ({@code SIGTERM handler}, as a pod's stop or a {@code kill} gives) is a stop on request; any other thread that is
 * not the JVM's own is code running on the engine: a model that exits instead of throwing.
 *
 * @param thread the thread that called exit
 * @param caller the frame that called {@code System.exit} or {@code Runtime.exit}, as {@code Class.method(File:line)};
 *               empty when the stack does not show it
 */
public record ExitCulprit(Thread thread, String caller) {

    /** The thread calling exit, unless it is a signal handler (a stop on request) or there is none. */
    public static Optional<ExitCulprit> find() {
        return find(Thread.getAllStackTraces());
    }

    static Optional<ExitCulprit> find(Map<Thread, StackTraceElement[]> stacks) {
        for (Map.Entry<Thread, StackTraceElement[]> e : stacks.entrySet()) {
            StackTraceElement[] stack = e.getValue();
            int exit = exitFrame(stack);
            if (exit < 0 || isSignalHandler(e.getKey().getName())) {
                continue;
            }
            return Optional.of(new ExitCulprit(e.getKey(), callerOf(stack, exit)));
        }
        return Optional.empty();
    }

    /** The JVM names the thread that runs a signal's handler {@code SIGTERM handler}, {@code SIGINT handler}, ... */
    static boolean isSignalHandler(String threadName) {
        return threadName.startsWith("SIG") && threadName.endsWith(" handler");
    }

    /** Index of {@code java.lang.Shutdown.exit} in {@code stack} (innermost first), or -1. */
    private static int exitFrame(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if ("java.lang.Shutdown".equals(stack[i].getClassName()) && "exit".equals(stack[i].getMethodName())) {
                return i;
            }
        }
        return -1;
    }

    /** The first frame past {@code Shutdown.exit} that is not {@code Runtime.exit} or {@code System.exit}. */
    private static String callerOf(StackTraceElement[] stack, int exit) {
        for (int i = exit + 1; i < stack.length; i++) {
            String cls = stack[i].getClassName();
            boolean jdkExit = "exit".equals(stack[i].getMethodName())
                    && ("java.lang.Runtime".equals(cls) || "java.lang.System".equals(cls));
            if (!jdkExit) {
                StackTraceElement f = stack[i];
                return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber()
                        + ")";
            }
        }
        return "";
    }
}
