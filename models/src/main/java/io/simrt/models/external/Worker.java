package io.simrt.models.external;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One worker process: its pipes, a daemon thread that drains its stderr into the log and a ring of its last lines,
 * and a daemon thread that does its I/O, so that the caller waits on a timeout and never blocks on a pipe. Used by one
 * batch at a time.
 */
final class Worker {
    private static final System.Logger LOG = System.getLogger(ExternalSimulator.class.getName());
    static final int STDERR_LINES = 20;

    private final Process process;
    private final String name;
    private final InputStream stdout;
    private final OutputStream stdin;
    private final Thread drain;
    private final ArrayDeque<String> lastLines = new ArrayDeque<>();
    private final ExecutorService io;
    /** What the worker is working on, for its stderr lines: "batch 12, seed 345" (or "starting", "idle"). */
    private volatile String doing = "starting";

    private long sequence;

    private Worker(Process process, String name) {
        this.process = process;
        this.name = name;
        this.stdout = new BufferedInputStream(process.getInputStream(), 1 << 16);
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.io = Executors.newSingleThreadExecutor(r -> daemon(r, name + " io"));
        this.drain = daemon(this::drainStderr, name + " stderr");
        drain.start();
    }

    /** Starts the command and waits for its ready frame (killing it if that fails). */
    static Worker start(WorkerCommand cmd) throws StartFailed {
        ProcessBuilder pb = new ProcessBuilder(cmd.command());
        cmd.directory().ifPresent(d -> pb.directory(d.toFile()));
        pb.environment().putAll(cmd.environment());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new StartFailed(e, "not started", List.of());
        }
        Worker w = new Worker(p, "simrt worker " + p.pid());
        try {
            w.call(cmd.startTimeout(), "start (its ready frame)", () -> {
                BatchProtocol.readReady(w.stdout);
                return null;
            });
        } catch (IOException e) {
            w.kill();
            throw new StartFailed(e, w.exitStatus(), w.lastStderrLines());
        }
        return w;
    }

    /** A worker that did not send its ready frame in time, with what it left behind. */
    static final class StartFailed extends IOException {
        private static final long serialVersionUID = 1L;
        final transient String exitStatus;
        final transient List<String> stderr;

        StartFailed(IOException cause, String exitStatus, List<String> stderr) {
            super("the worker did not start: " + cause.getMessage(), cause);
            this.exitStatus = exitStatus;
            this.stderr = stderr;
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Sends {@code rows} rows of {@code params} from row {@code row} and reads the reply into {@code out} at the same
     * row, all within {@code timeout}; {@code label} says which batch this is in the worker's log lines.
     */
    void exchange(
            Duration timeout,
            String label,
            long seed,
            double[] params,
            int row,
            int rows,
            int cols,
            double[] out,
            int outCols)
            throws IOException {
        doing = label;
        long seq = sequence++;
        try {
            call(timeout, label, () -> {
                BatchProtocol.writeRequest(stdin, seq, seed, params, row * cols, rows, cols);
                BatchProtocol.readReply(stdout, rows, outCols, out, row * outCols);
                return null;
            });
        } finally {
            doing = "idle after " + label;
        }
    }

    private void call(Duration timeout, String what, java.util.concurrent.Callable<Void> task) throws IOException {
        Future<Void> f = io.submit(task);
        try {
            f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            kill();
            f.cancel(true);
            throw new IOException("the worker's " + what + " took longer than " + timeout + ": killed");
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the worker's " + what);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ProtocolException p) {
                throw p;
            }
            throw new IOException("the worker's " + what + " failed: " + c, c);
        }
    }

    /**
     * Ends the worker and its descendants at once, waits for it to exit and for its stderr to drain (briefly). The
     * signal goes through the process handle, which leaves the pipes open, so that the lines a worker wrote just before
     * it died are read to the end before the pipes are closed ({@link Process#destroyForcibly()} closes them at once).
     */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        io.shutdownNow();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            drain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly(); // closes the pipes, if a descendant kept stderr open past the wait
        }
    }

    /** The exit status, or a word saying why there is none. */
    String exitStatus() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return "exit status " + process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "still running";
    }

    /** The last lines the worker wrote to stderr, oldest first. */
    List<String> lastStderrLines() {
        synchronized (lastLines) {
            return new ArrayList<>(lastLines);
        }
    }

    private void drainStderr() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lastLines) {
                    if (lastLines.size() == STDERR_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
                LOG.log(Level.INFO, "{0} ({1}): {2}", name, doing, line);
            }
        } catch (IOException e) {
            // the process ended; its stream is closed
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
