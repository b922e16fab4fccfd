package io.simrt.models.external;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The running workers of one command in this JVM, shared by every {@link ExternalSimulator} handle on it: idle ones
 * wait in a stack (the most recently used first, so a steady load reuses the same few), and every live one is known
 * so that the pool can end them all. Counts the handles that hold it; the last to let go ends the workers.
 */
final class WorkerPool {
    private final WorkerCommand command;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private int holders;

    WorkerPool(WorkerCommand command) {
        this.command = command;
    }

    /** Counts one more handle; false if the pool was already let go by its last one (take a new pool then). */
    synchronized boolean hold() {
        if (holders < 0) {
            return false;
        }
        holders++;
        return true;
    }

    /** Counts one handle less; true when it was the last, after which the workers are ended. */
    boolean letGo() {
        synchronized (this) {
            if (--holders > 0) {
                return false;
            }
            holders = -1;
        }
        endAll();
        return true;
    }

    /**
     * An idle worker, or a new one started.
     *
     * @throws ExternalWorkerException if the pool was let go (its model was closed while a batch ran)
     */
    Worker borrow() throws Worker.StartFailed {
        Worker w = idle.poll();
        if (w != null) {
            return w;
        }
        synchronized (this) {
            if (holders < 0) {
                throw closed();
            }
        }
        Worker started = Worker.start(command);
        synchronized (this) {
            if (holders >= 0) {
                live.add(started);
                return started;
            }
        }
        started.kill();
        throw closed();
    }

    private ExternalWorkerException closed() {
        return new ExternalWorkerException("external simulator " + command.command()
                + " was closed (its model was released or purged) while a batch ran");
    }

    /** A worker that answered its batch, ready for the next. */
    void giveBack(Worker w) {
        synchronized (this) {
            if (live.contains(w)) {
                idle.push(w);
                return;
            }
        }
        w.kill(); // the pool was ended while it worked
    }

    /** A worker that failed: ended, never reused. */
    void discard(Worker w) {
        live.remove(w);
        w.kill();
    }

    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (Worker w : live) {
            pids.add(w.pid());
        }
        return pids;
    }

    /** Ends every worker; a later batch starts new ones. */
    void endAll() {
        List<Worker> ending;
        synchronized (this) {
            idle.clear();
            ending = List.copyOf(live);
            live.clear();
        }
        ending.forEach(Worker::kill);
    }
}
