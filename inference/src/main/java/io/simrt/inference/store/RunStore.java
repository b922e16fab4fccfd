package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import java.util.List;
import java.util.Optional;

/**
 * Runs kept in a database: each run's settings and status, the records of the batches it merged, its populations
 * and samples. One process writes a run (its coordinator); writes happen on a thread of the store's, off the
 * inference thread, one transaction per batch or per few batches. Open one with {@link #open}.
 */
public interface RunStore extends AutoCloseable {

    /**
     * The store at {@code location}, created or migrated to this simrt's schema as needed.
     *
     * @throws StoreException if it cannot be reached, read or written, is not a simrt run store, or was written by
     *     a newer simrt
     */
    static RunStore open(StoreLocation location) {
        if (location.none()) {
            throw new StoreException("no run store to open (--store none)");
        }
        return JdbcRunStore.open(location);
    }

    StoreLocation location();

    /**
     * Records a new run and returns its journal. {@code info}'s id, status and counts are the store's to set.
     *
     * @param reuse whether batches of an earlier run with the same model, data, seed and batch size may be merged
     *              instead of simulated (rejection ABC only)
     * @param failure what a write that fails does to the run
     */
    StoredRun start(RunInfo info, boolean reuse, FailurePolicy failure);

    /**
     * Reopens run {@code id} (an id or a unique prefix of one) to go on with it: its stored batches are merged, not
     * simulated; an {@code smc} run goes on from its last checkpoint ({@link StoredRun#resumeFrom()}). {@code updated} replaces its settings where a resume may change them (the objective, the command).
     *
     * @throws StoreException if no run or several runs match, or the run is done
     */
    StoredRun resume(RunInfo updated, FailurePolicy failure);

    /** The run {@code id} (or the one run whose id starts with it). */
    Optional<RunInfo> find(String id);

    /** Every run, newest first. */
    List<RunInfo> runs();

    /** The batch records of run {@code id}, by index. */
    List<BatchRecord> batches(String id);

    /** The updates of {@code smc} run {@code id}, in order (none for other runs). */
    List<StoredSmcUpdate> smcUpdates(String id);

    /** The populations of run {@code id} (rejection ABC: its one result), in order. */
    List<StoredPopulation> populations(String id);

    /**
     * The final population of run {@code id} (or the one run whose id starts with it), with the run.
     *
     * @throws StoreException if no run or several runs match, or the run stored no population (it is running, or
     *     failed or was stopped before its first)
     */
    StoredResult result(String id);

    /**
     * Population {@code population} (from 0) of run {@code id}, with the run.
     *
     * @throws StoreException if no run or several runs match, or the run has no such population
     */
    StoredResult result(String id, int population);

    @Override
    void close();

    /** What a failed write does to its run. */
    enum FailurePolicy {
        /** The run fails with the store's error; what was stored stays consistent. */
        FAIL,
        /** The run goes on without the store, with a warning; what was stored stays consistent. */
        CONTINUE
    }
}
