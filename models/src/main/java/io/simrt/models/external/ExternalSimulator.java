package io.simrt.models.external;

import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.abc.Simulator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A {@link Simulator.Batch} run by external worker processes that speak the batch protocol (docs/external-simulators.md)
 * over their stdin and stdout: any language, any program. Each batch goes to one worker as its parameter rows and a
 * seed, the stream's {@link RandomStream#nextLong()}, so the answer is a function of the run's seed and the batch,
 * not of which worker or engine ran it; the reply is {@code outputLength} values per row.
 *
 * <p>Workers are long-lived: a batch borrows an idle worker or starts one, so a JVM runs as many workers as it runs
 * batches at once (one per engine thread). A worker that fails (exits, hangs past the batch timeout, breaks the
 * protocol) is killed with its descendants and the batch is sent again to a fresh one; after
 * {@link WorkerCommand#attempts()} failures in a row the batch fails with an {@link ExternalWorkerException} naming
 * the command, the exit status and the last lines of the worker's stderr. Workers end on {@link #close()} and when
 * the JVM exits.
 *
 * <p>{@link #of} returns one shared instance per command, parameter count and output length in a JVM, so that a
 * model rebuilt on an engine reuses the engine's running workers. Thread-safe.
 */
public final class ExternalSimulator implements Simulator.Batch, AutoCloseable {
    private static final Map<Key, ExternalSimulator> SHARED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> SHARED.values().forEach(ExternalSimulator::close), "simrt workers"));
    }

    private record Key(WorkerCommand command, int parameterCount, int outputLength) {}

    private final Key key;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();

    private ExternalSimulator(Key key) {
        this.key = key;
    }

    /**
     * The JVM's simulator for {@code command}, sending {@code parameterCount} values per row and reading
     * {@code outputLength}.
     *
     * @throws ParameterException if a count is not positive
     */
    public static ExternalSimulator of(WorkerCommand command, int parameterCount, int outputLength) {
        Require.positive("parameterCount", parameterCount);
        Require.positive("outputLength", outputLength);
        if (command == null) {
            throw ParameterException.of("command", null, "must be given");
        }
        return SHARED.computeIfAbsent(new Key(command, parameterCount, outputLength), ExternalSimulator::new);
    }

    public WorkerCommand command() {
        return key.command();
    }

    public int outputLength() {
        return key.outputLength();
    }

    /**
     * Sends {@code params[0 .. batchSize * parameterCount)} and the seed {@code rng.nextLong()} to a worker and reads
     * {@code batchSize x outputLength} values into {@code dataOut}.
     *
     * @throws ExternalWorkerException after {@link WorkerCommand#attempts()} failed attempts
     */
    @Override
    public void simulate(double[] params, int batchSize, RandomStream rng, double[] dataOut) {
        long seed = rng.nextLong();
        WorkerCommand cmd = key.command();
        Failure last = null;
        for (int attempt = 1; attempt <= cmd.attempts(); attempt++) {
            Worker w;
            try {
                w = borrow();
            } catch (Worker.StartFailed e) {
                last = new Failure(e, e.exitStatus, e.stderr);
                continue;
            }
            try {
                w.exchange(
                        cmd.batchTimeout(), seed, params, batchSize, key.parameterCount(), dataOut, key.outputLength());
                idle.push(w);
                return;
            } catch (InterruptedIOException e) {
                live.remove(w);
                w.kill();
                throw new ExternalWorkerException("external simulator " + cmd.command() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                live.remove(w);
                w.kill();
                last = new Failure(e, w.exitStatus(), w.lastStderrLines());
            }
        }
        throw new ExternalWorkerException(
                "external simulator " + cmd.command() + " failed " + cmd.attempts()
                        + " time(s) in a row on the batch with seed " + Long.toUnsignedString(seed) + "; last: "
                        + last.cause().getMessage() + " (" + last.exitStatus() + ")"
                        + (last.stderr().isEmpty()
                                ? "; nothing on stderr"
                                : "; last lines of stderr:\n  " + String.join("\n  ", last.stderr())),
                last.cause());
    }

    private record Failure(IOException cause, String exitStatus, List<String> stderr) {}

    private Worker borrow() throws Worker.StartFailed {
        Worker w = idle.poll();
        if (w != null) {
            return w;
        }
        Worker started = Worker.start(key.command());
        live.add(started);
        return started;
    }

    /** The pids of the running workers (for tests and diagnostics). */
    public List<Long> workerPids() {
        List<Long> pids = new ArrayList<>();
        for (Worker w : live) {
            pids.add(w.pid());
        }
        return pids;
    }

    /** Ends every worker; a later batch starts new ones. */
    @Override
    public void close() {
        idle.clear();
        for (Worker w : List.copyOf(live)) {
            live.remove(w);
            w.kill();
        }
    }

    @Override
    public String toString() {
        return "ExternalSimulator" + key.command().command();
    }
}
