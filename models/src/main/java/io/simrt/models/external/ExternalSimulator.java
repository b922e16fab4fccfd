package io.simrt.models.external;

import io.simrt.models.CurrentBatch;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.abc.Simulator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Simulator.Batch} run by external worker processes that speak the batch protocol (docs/external-simulators.md)
 * over their stdin and stdout: any language, any program. Each batch goes to a worker as its parameter rows and a
 * seed, the stream's {@link RandomStream#nextLong()}, so the answer is a function of the run's seed and the batch,
 * not of which worker or engine ran it; the reply is {@code outputLength} values per row. With a
 * {@link WorkerCommand#poolSize() pool size} k, the batch is cut into k contiguous slices of rows, slice i seeded with
 * the stream's i-th {@code nextLong()}, run at once on k workers.
 *
 * <p>Workers are long-lived and shared by every handle on the same command in a JVM: a batch borrows an idle worker
 * or starts one, so a JVM runs as many workers as it runs slices at once (one per engine thread by default). A
 * worker that fails (exits, hangs past the batch timeout, breaks the protocol) is killed with its descendants and its
 * slice is sent again to a fresh one; after {@link WorkerCommand#attempts()} failures in a row the batch fails with an
 * {@link ExternalWorkerException} naming the command, the exit status and the last lines of the worker's stderr. A
 * NaN in a reply fails the batch at once unless the command {@link WorkerCommand#nanAllowed() allows} it.
 *
 * <p>Each {@link #of} returns a new handle holding the shared workers; the workers end when the last handle on
 * their command is {@link #close() closed} (an engine closes the models it built when it is released or purged),
 * and when the JVM exits. A worker whose JVM is killed sees its stdin end and exits (the helpers do). Thread-safe.
 */
public final class ExternalSimulator implements Simulator.Batch, AutoCloseable {
    private static final Map<WorkerCommand, WorkerPool> SHARED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> SHARED.values().forEach(WorkerPool::endAll), "simrt workers"));
    }

    private final WorkerCommand command;
    private final int parameterCount;
    private final int outputLength;
    private final WorkerPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ExecutorService sliceThreads;

    private ExternalSimulator(WorkerCommand command, int parameterCount, int outputLength, WorkerPool pool) {
        this.command = command;
        this.parameterCount = parameterCount;
        this.outputLength = outputLength;
        this.pool = pool;
    }

    /**
     * A handle on the JVM's workers for {@code command}, sending {@code parameterCount} values per row and reading
     * {@code outputLength}. {@link #close()} it when done.
     *
     * @throws ParameterException if a count is not positive
     */
    public static ExternalSimulator of(WorkerCommand command, int parameterCount, int outputLength) {
        Require.positive("parameterCount", parameterCount);
        Require.positive("outputLength", outputLength);
        if (command == null) {
            throw ParameterException.of("command", null, "must be given");
        }
        while (true) {
            WorkerPool pool = SHARED.computeIfAbsent(command, WorkerPool::new);
            if (pool.hold()) {
                return new ExternalSimulator(command, parameterCount, outputLength, pool);
            }
            SHARED.remove(command, pool); // let go by its last handle just now: take a fresh one
        }
    }

    public WorkerCommand command() {
        return command;
    }

    public int outputLength() {
        return outputLength;
    }

    /**
     * Sends {@code params[0 .. batchSize * parameterCount)} with the seed(s) drawn from {@code rng} to the workers and
     * reads {@code batchSize x outputLength} values into {@code dataOut}.
     *
     * @throws ExternalWorkerException after {@link WorkerCommand#attempts()} failed attempts on a slice, on a refused
     *     NaN, or once this handle is closed
     */
    @Override
    public void simulate(double[] params, int batchSize, RandomStream rng, double[] dataOut) {
        if (closed.get()) {
            throw new ExternalWorkerException("external simulator " + command.command() + " was closed");
        }
        int k = command.poolSize();
        long[] seeds = new long[k];
        for (int i = 0; i < k; i++) {
            seeds[i] = rng.nextLong();
        }
        OptionalLong index = CurrentBatch.index();
        String batch = index.isPresent() ? "batch " + index.getAsLong() : "a batch";
        int base = batchSize / k;
        int extra = batchSize % k;
        List<Future<?>> others = new ArrayList<>();
        try {
            for (int i = k - 1; i >= 0; i--) {
                int rows = base + (i < extra ? 1 : 0);
                int row = i * base + Math.min(i, extra);
                String label = (k == 1 ? batch : batch + " slice " + (i + 1) + "/" + k) + " (seed "
                        + Long.toUnsignedString(seeds[i]) + ")";
                long seed = seeds[i];
                if (rows == 0) {
                    continue;
                }
                if (i == 0) {
                    runSlice(label, seed, params, row, rows, dataOut);
                } else {
                    others.add(threads().submit(() -> runSlice(label, seed, params, row, rows, dataOut)));
                }
            }
            for (Future<?> f : others) {
                f.get();
            }
            others.clear();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ExternalWorkerException("external simulator " + command.command() + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExternalWorkerException(
                    "external simulator " + command.command() + ": interrupted while waiting for " + batch, e);
        } finally {
            others.forEach(f -> f.cancel(true));
        }
    }

    /** One slice, tried on fresh workers up to the command's attempts. */
    private void runSlice(String label, long seed, double[] params, int row, int rows, double[] out) {
        Failure last = null;
        for (int attempt = 1; attempt <= command.attempts(); attempt++) {
            Worker w;
            try {
                w = pool.borrow();
            } catch (Worker.StartFailed e) {
                last = new Failure(e, e.exitStatus, e.stderr);
                continue;
            }
            try {
                w.exchange(command.batchTimeout(), label, seed, params, row, rows, parameterCount, out, outputLength);
                pool.giveBack(w);
                checkNaN(label, out, row, rows);
                return;
            } catch (InterruptedIOException e) {
                pool.discard(w);
                throw new ExternalWorkerException("external simulator " + command.command() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                pool.discard(w);
                last = new Failure(e, w.exitStatus(), w.lastStderrLines());
            }
        }
        throw new ExternalWorkerException(
                "external simulator " + command.command() + " failed " + command.attempts()
                        + " time(s) in a row on " + label + "; last: "
                        + last.cause().getMessage() + " ("
                        + last.exitStatus() + ")"
                        + (last.stderr().isEmpty()
                                ? "; nothing on stderr"
                                : "; last lines of stderr:\n  " + String.join("\n  ", last.stderr())),
                last.cause());
    }

    private void checkNaN(String label, double[] out, int row, int rows) {
        if (command.nanAllowed()) {
            return;
        }
        int from = row * outputLength;
        int to = from + rows * outputLength;
        for (int i = from; i < to; i++) {
            if (Double.isNaN(out[i])) {
                throw new ExternalWorkerException("external simulator " + command.command() + " replied NaN as value "
                        + (i % outputLength) + " of row " + (i / outputLength) + " of " + label
                        + "; the model refuses NaN (set nan = allow in its simulator block to let such rows through;"
                        + " their distance is NaN and they are never accepted)");
            }
        }
    }

    private record Failure(IOException cause, String exitStatus, List<String> stderr) {}

    private ExecutorService threads() {
        ExecutorService t = sliceThreads;
        if (t == null) {
            synchronized (this) {
                t = sliceThreads;
                if (t == null) {
                    t = Executors.newCachedThreadPool(r -> {
                        Thread th = new Thread(r, "simrt worker slices");
                        th.setDaemon(true);
                        return th;
                    });
                    sliceThreads = t;
                }
            }
        }
        return t;
    }

    /** The pids of the running workers of this command in this JVM (for tests and diagnostics). */
    public List<Long> workerPids() {
        return pool.pids();
    }

    /** Lets go of the workers: the last handle on the command ends them. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ExecutorService t = sliceThreads;
        if (t != null) {
            t.shutdownNow();
        }
        if (pool.letGo()) {
            SHARED.remove(command, pool);
        }
    }

    @Override
    public String toString() {
        return "ExternalSimulator" + command.command();
    }
}
