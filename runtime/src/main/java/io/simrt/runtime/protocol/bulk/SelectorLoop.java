package io.simrt.runtime.protocol.bulk;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread with a selector that owns a set of non-blocking channels: it calls their handlers when they are
 * ready, and about every {@code tick} asks each whether its time is up. Everything a handler does happens on this
 * thread; other threads hand work in through {@link #execute}.
 */
final class SelectorLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);

    /** What a registered channel does; called on the loop's thread only. */
    interface Handler {
        /** The channel is ready for what its key's interest set names. */
        void ready(SelectionKey key) throws IOException;

        /** Whether this channel's time is up at {@code now} ({@link System#nanoTime()}). */
        boolean expired(long now);

        /** Ends this channel because its time was up ({@code timedOut}) or it failed, or the loop closes. */
        void end(IOException cause, boolean timedOut);
    }

    private final Selector selector;
    private final Thread thread;
    private final long tickNanos;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean open = true;
    /** Set (under this loop's lock) once the thread takes no more tasks; later ones run on their caller. */
    private boolean terminated;

    SelectorLoop(String name, Duration tick) throws IOException {
        this.selector = Selector.open();
        this.tickNanos = tick.toNanos();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs {@code task} on the loop's thread, soon and in order; once the loop has ended, on the caller's thread
     * (tasks check {@link #isOpen()} and fail what they carry).
     */
    void execute(Runnable task) {
        synchronized (this) {
            if (!terminated) {
                tasks.add(task);
                selector.wakeup();
                return;
            }
        }
        runSafely(task);
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Registers {@code ch}, which must be non-blocking (loop thread only). */
    SelectionKey register(SelectableChannel ch, int ops, Handler handler) throws ClosedChannelException {
        return ch.register(selector, ops, handler);
    }

    private void run() {
        long lastSweep = System.nanoTime();
        long tickMillis = Math.max(1, tickNanos / 1_000_000);
        try {
            while (open) {
                selector.select(tickMillis);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    runSafely(task);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Handler h = (Handler) key.attachment();
                    try {
                        if (key.isValid()) {
                            h.ready(key);
                        }
                    } catch (IOException e) {
                        h.end(e, false);
                    } catch (RuntimeException e) {
                        LOG.error("bulk lane: a connection failed unexpectedly", e);
                        h.end(new IOException(e.toString(), e), false);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                if (now - lastSweep >= tickNanos) {
                    lastSweep = now;
                    for (SelectionKey key : new ArrayList<>(selector.keys())) {
                        Handler h = (Handler) key.attachment();
                        if (key.isValid() && h.expired(now)) {
                            h.end(null, true);
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                LOG.error("bulk lane: {} stopped: {}", thread.getName(), e.toString());
            }
        } finally {
            open = false;
            List<SelectionKey> keys = new ArrayList<>();
            try {
                keys.addAll(selector.keys());
            } catch (ClosedSelectorException ignored) {
                // nothing registered any more
            }
            synchronized (this) {
                terminated = true;
            }
            IOException closed = new IOException("the bulk lane was closed");
            for (SelectionKey key : keys) {
                ((Handler) key.attachment()).end(closed, false);
            }
            Runnable task;
            while ((task = tasks.poll()) != null) {
                runSafely(task); // tasks see the loop closed and fail what they carry
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
    }

    boolean isOpen() {
        return open;
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("bulk lane: a task failed", e);
        }
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
