package io.simrt.inference.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The one thread that talks to a store's database, over its one connection. Writes are queued and return at once;
 * the thread commits what is queued in one transaction (at most {@link #GROUP} writes or about {@link #GROUP_BYTES}
 * of records, gathered for at most {@link #LINGER_NANOS} after the first), so a busy run costs one commit per several
 * batches, and a batch is either wholly stored or not at all. A commit costs CPU the engines beside it would use:
 * fewer commits, less taken from them. While it gathers, the thread sleeps until the linger time is up: a queued
 * write does not wake it (a wake-up per batch cost both the inference thread and this one a context switch), only an
 * urgent one or a full group does. Reads and {@link #sync} barriers are urgent: they commit what is gathered at
 * once, then answer.
 */
final class StoreThread implements AutoCloseable {
    static final int GROUP = 64;
    /**
     * How long writes are gathered into one commit, at most: what a killed coordinator may lose (those batches are
     * simulated again by {@code simrt resume}), against a commit's cost. Each commit writes the pages it changed whole
     * (64 KiB each in a store made before schema version 4) to the write-ahead log, and its first statement took
     * SQLite about 0.2 ms: 20 ms made eight commits of a 0.16 s run, whose log then outgrew the 4 MiB checkpoint mark
     * mid-run (docs/run-store.md).
     */
    static final long LINGER_NANOS = 100_000_000L;
    /**
     * About how many bytes of records a group holds at most. What is gathered when a run ends is written after its
     * last batch, while nothing else runs; records written during the run share the cores with the engines, which
     * costs the run about half as much on two busy cores. 2 MiB is five batch records of a run keeping every MA2
     * simulation (400 kB each), a hundred candidate records.
     */
    static final long GROUP_BYTES = 2L << 20;

    /** One database operation. */
    interface Op {
        void run(Connection c) throws SQLException;
    }

    /** What a queued write is for, to name it when it fails; an urgent one is committed without waiting for more. */
    private record Write(String what, long bytes, Op op, CompletableFuture<Void> done, boolean urgent) {}

    private final Connection connection;
    private final Function<SQLException, StoreException> explain;
    /** Run before each commit (the simulations files' sync), or null. */
    private final Op beforeCommit;
    /** Run on this thread once the last group is committed, before {@link #close} returns (closing files), or null. */
    private final Runnable atStop;

    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    /** The bytes of the writes in {@link #queue}. */
    private final AtomicLong queuedBytes = new AtomicLong();

    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param beforeCommit run on this thread after a group's writes and before their commit, or null: a failure there
     *     rolls the group back as a failed write does
     * @param atStop run on this thread after the last commit, when the store closes, or null
     */
    StoreThread(
            Connection connection,
            String name,
            Function<SQLException, StoreException> explain,
            Op beforeCommit,
            Runnable atStop) {
        this.connection = connection;
        this.explain = explain;
        this.beforeCommit = beforeCommit;
        this.atStop = atStop;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a write; its future completes when it is committed, or exceptionally with a {@link StoreException}. */
    CompletableFuture<Void> write(String what, Op op) {
        return write(what, 0, op);
    }

    /** {@link #write(String, Op)} of about {@code bytes} bytes (a batch record's). */
    CompletableFuture<Void> write(String what, long bytes, Op op) {
        return enqueue(what, bytes, op, false);
    }

    /** A barrier: completes once every write queued before it is committed (exceptionally if their commit failed). */
    CompletableFuture<Void> sync(String what) {
        return enqueue(what, 0, c -> {}, true);
    }

    private CompletableFuture<Void> enqueue(String what, long bytes, Op op, boolean urgent) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new StoreException("the run store is closed; " + what + " was not stored"));
            return done;
        }
        queue.add(new Write(what, bytes, op, done, urgent));
        long queued = queuedBytes.addAndGet(bytes);
        if (urgent || queue.size() >= GROUP || queued >= GROUP_BYTES) {
            LockSupport.unpark(thread); // it may be sleeping out the linger time
        }
        return done;
    }

    /** Runs {@code read} on the store's thread after the writes queued before it, and returns its answer. */
    <T> T read(String what, SqlFunction<T> read) {
        Object[] answer = new Object[1];
        CompletableFuture<Void> done = enqueue(what, 0, c -> answer[0] = read.apply(c), true);
        await(done);
        @SuppressWarnings("unchecked")
        T t = (T) answer[0];
        return t;
    }

    /** A read of the database. */
    interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Waits for {@code f}, rethrowing its failure as the {@link StoreException} it is. */
    static void await(CompletableFuture<Void> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException s) {
                throw s;
            }
            throw new StoreException("the run store failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the run store", e);
        }
    }

    private void loop() {
        List<Write> group = new ArrayList<>();
        while (true) {
            try {
                Write first = take(queue.take());
                if (first.op() == null) {
                    stop(first);
                    return;
                }
                group.add(first);
                gather(group);
                Write stop = group.get(group.size() - 1).op() == null ? group.remove(group.size() - 1) : null;
                commit(group);
                group.clear();
                if (stop != null) {
                    stop(stop);
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ends the thread's work: {@link #atStop}, then {@code stop} answered. */
    private void stop(Write stop) {
        try {
            if (atStop != null) {
                atStop.run();
            }
        } catch (RuntimeException e) {
            // the store is closing: what failed to sync was reported by the commit before
        } finally {
            stop.done().complete(null);
        }
    }

    /** {@code w}, taken from the queue. */
    private Write take(Write w) {
        if (w != null) {
            queuedBytes.addAndGet(-w.bytes());
        }
        return w;
    }

    /**
     * Adds what comes within the linger time to {@code group}, up to {@link #GROUP} writes or {@link #GROUP_BYTES},
     * stopping at an urgent write. Sleeps while nothing urgent is queued: {@link #enqueue} wakes it for an urgent
     * write or a full group only.
     */
    private void gather(List<Write> group) throws InterruptedException {
        long deadline = System.nanoTime() + LINGER_NANOS;
        long bytes = group.get(0).bytes();
        while (group.size() < GROUP
                && bytes < GROUP_BYTES
                && !group.get(group.size() - 1).urgent()) {
            Write next = take(queue.poll());
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                continue;
            }
            group.add(next);
            bytes += next.bytes();
            if (next.op() == null) {
                return; // the stop: commit what is gathered, then end
            }
        }
    }

    private void commit(List<Write> group) {
        try {
            connection.setAutoCommit(false);
            for (Write w : group) {
                w.op().run(connection);
            }
            if (beforeCommit != null) {
                beforeCommit.run(connection);
            }
            connection.commit();
            group.forEach(w -> w.done().complete(null));
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is gone, or SQLite rolled back itself (it does on a full disk); the failure below
                // says why
            }
            try {
                // the next group begins its own transaction: after SQLite's own rollback the driver's failed one did
                // not begin another, and its next commit would find none
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the driver is in autocommit mode all the same, or the connection is gone
            }
            if (e instanceof StoreException s) {
                // an operation's own verdict (no such run, a damaged record): a whole sentence already
                group.forEach(w -> w.done().completeExceptionally(s));
                return;
            }
            StoreException failure = e instanceof SQLException sql
                    ? explain.apply(sql)
                    : new StoreException("the run store failed: " + e, e);
            String what = group.size() == 1
                    ? group.get(0).what()
                    : group.get(0).what() + " and " + (group.size() - 1) + " more";
            StoreException named = new StoreException(failure.getMessage() + " (while storing " + what + ")", e);
            group.forEach(w -> w.done().completeExceptionally(named));
        }
    }

    /** Commits what is queued, then ends the thread and closes the connection. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        queue.add(new Write("stop", 0, null, stopped, true));
        LockSupport.unpark(thread);
        try {
            stopped.get();
        } catch (ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to lose
        }
    }
}
