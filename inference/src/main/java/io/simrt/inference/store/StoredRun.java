package io.simrt.inference.store;

import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.abc.Population;
import io.simrt.inference.results.Sample;
import io.simrt.inference.smc.SmcCheckpoint;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.smc.SmcStep;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run in a store, as the {@link BatchJournal} its algorithm writes to: each merged batch, each population and
 * the end are queued to the store's thread and committed there, so the inference thread never waits on the
 * database. Batches stored before (this run's, when it is resumed; an earlier run's, when it reuses them) are
 * served to be merged instead of simulated; a reused batch is copied into this run, so the run stands on its own.
 *
 * <p>A write that fails fails the run at its next batch ({@link RunStore.FailurePolicy#FAIL}), or is logged once and
 * the run goes on unstored ({@link RunStore.FailurePolicy#CONTINUE}). Either way what was committed before stays
 * consistent: a batch is in the store whole or not at all.
 *
 * <p>An {@code smc} run writes to it as its {@link SmcJournal}: each update is queued the same way, with its
 * checkpoint when one is due, and a resumed run is handed its last checkpoint.
 */
public final class StoredRun implements BatchJournal, SmcJournal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoredRun.class);

    private final JdbcRunStore store;
    private final RunInfo info;
    private final Map<Long, BatchRecord> own;
    private final Map<Long, BatchRecord> offered;
    private final Optional<String> source;
    private final RunStore.FailurePolicy policy;
    private final AtomicLong ran = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private volatile StoreException failure;
    private volatile boolean unstored;
    private Set<Integer> storedPopulations = Set.of();
    private Optional<SmcCheckpoint> smcFrom = Optional.empty();
    private final AtomicLong updatesRun = new AtomicLong();

    StoredRun(
            JdbcRunStore store,
            RunInfo info,
            Map<Long, BatchRecord> own,
            Map<Long, BatchRecord> offered,
            Optional<String> source,
            RunStore.FailurePolicy policy) {
        this.store = store;
        this.info = info;
        this.own = Map.copyOf(own);
        this.offered = Map.copyOf(offered);
        this.source = source;
        this.policy = policy;
    }

    /** This run, knowing which populations it had stored before it was resumed (they are not stored again). */
    StoredRun withStoredPopulations(Set<Integer> populations) {
        this.storedPopulations = Set.copyOf(populations);
        return this;
    }

    /** This smc run, going on from {@code checkpoint} (its last stored one) when it is resumed. */
    StoredRun withSmcCheckpoint(Optional<SmcCheckpoint> checkpoint) {
        this.smcFrom = checkpoint;
        return this;
    }

    /** The run as stored when it started or resumed. */
    public RunInfo info() {
        return info;
    }

    public String id() {
        return info.id();
    }

    /** Batches this run had stored when it was resumed. */
    public int storedBatches() {
        return own.size();
    }

    /** The run whose batches this one may reuse, if any. */
    public Optional<String> reusing() {
        return source;
    }

    /** Batches simulated by this process. */
    public long batchesRun() {
        return ran.get();
    }

    /** Batches merged from records (this run's own, stored before it was resumed, or an earlier run's). */
    public long batchesReused() {
        return reused.get();
    }

    /** SMC updates done by this process. */
    public long updatesRun() {
        return updatesRun.get();
    }

    /** SMC updates restored from the checkpoint this run was resumed from (0 if it was not). */
    public long updatesReused() {
        return smcFrom.map(SmcCheckpoint::experiments).orElse(0);
    }

    @Override
    public Optional<SmcCheckpoint> resumeFrom() {
        return smcFrom;
    }

    @Override
    public void updated(SmcStep step) {
        updatesRun.incrementAndGet();
        // a checkpoint is mostly its particles' locations and weights
        long bytes = step.checkpoint()
                .map(k -> 8L
                        * k.updater().weights().length
                        * (info.parameterNames().size() + 1))
                .orElse(0L);
        write("update " + step.experiments(), bytes, c -> RunWrites.insertUpdate(c, info.id(), step));
    }

    /** Stores an smc run's final posterior as its population 0, after {@code experiments} experiments. */
    public void smcResult(Sample posterior, int experiments) {
        if (storedPopulations.contains(0)) {
            return;
        }
        write(
                "the posterior",
                c -> RunWrites.insertPopulation(
                        c,
                        info.id(),
                        0,
                        Double.NaN,
                        Double.NaN,
                        experiments,
                        0,
                        new double[0],
                        posterior,
                        new double[0]));
    }

    @Override
    public Optional<BatchRecord> stored(long index) {
        BatchRecord r = own.get(index);
        return r != null ? Optional.of(r) : Optional.ofNullable(offered.get(index));
    }

    @Override
    public boolean keepsSimulations() {
        return info.keepSimulations();
    }

    @Override
    public void ran(BatchRecord record) {
        ran.incrementAndGet();
        write(
                "batch " + record.index(),
                RecordCodec.length(record),
                c -> RunWrites.insertBatch(store.insertBatch(c), store.codec(), files(), info.id(), record, null));
    }

    @Override
    public void reused(BatchRecord record) {
        reused.incrementAndGet();
        if (!own.containsKey(record.index())) {
            write(
                    "batch " + record.index(),
                    RecordCodec.length(record),
                    c -> RunWrites.insertBatch(
                            store.insertBatch(c), store.codec(), files(), info.id(), record, source.orElse(null)));
        }
    }

    /** Where this run's records go when they are not rows of their own: a file, when it keeps every simulation. */
    private SimulationFiles files() {
        return info.keepSimulations() ? store.simulationFiles() : null;
    }

    @Override
    public void population(int round, Population p) {
        if (storedPopulations.contains(round)) {
            return;
        }
        write(
                "population " + round,
                c -> RunWrites.insertPopulation(
                        c,
                        info.id(),
                        round,
                        p.roundThreshold(),
                        p.threshold(),
                        p.simulations(),
                        p.batches(),
                        p.covariance(),
                        p.sample(),
                        p.distances()));
    }

    /** Stores a rejection run's result as its population 0. */
    public void result(AbcResult r) {
        if (!r.populations().isEmpty() || storedPopulations.contains(0)) {
            return; // ABC-SMC: its populations are stored as they end
        }
        write(
                "the result",
                c -> RunWrites.insertPopulation(
                        c,
                        info.id(),
                        0,
                        Double.NaN,
                        r.threshold(),
                        r.simulations(),
                        r.batches(),
                        new double[0],
                        r.sample(),
                        r.distances()));
    }

    /**
     * Ends the run with {@code status} and waits until everything is committed.
     *
     * @throws StoreException if a write failed and the policy is {@link RunStore.FailurePolicy#FAIL}
     */
    public void finish(RunStatus status, String message) {
        String why = message == null ? "" : message;
        write("the end of the run", 0, true, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE simrt_runs SET status = ?, ended_at = ?, message = ?,"
                    + " batches_run = (SELECT COUNT(*) FROM simrt_batches WHERE run_id = ? AND reused_from IS NULL)"
                    + " + (SELECT COUNT(*) FROM simrt_smc_updates WHERE run_id = ?),"
                    + " batches_reused = (SELECT COUNT(*) FROM simrt_batches WHERE run_id = ? AND reused_from IS NOT"
                    + " NULL) WHERE id = ?")) {
                s.setString(1, status.id());
                s.setString(2, Instant.now().toString());
                s.setString(3, why);
                s.setString(4, info.id());
                s.setString(5, info.id());
                s.setString(6, info.id());
                s.setString(7, info.id());
                s.executeUpdate();
            }
        });
        try {
            flush();
        } finally {
            releaseFile();
        }
    }

    /** Lets go of the run's simulations file, if it has one, so that another store may append to it. */
    private void releaseFile() {
        SimulationFiles files = files();
        if (files == null) {
            return;
        }
        try {
            store.thread().read("the simulations file of run " + info.id(), c -> {
                files.release(info.id());
                return null;
            });
        } catch (StoreException e) {
            LOG.warn("{}", e.getMessage()); // its records were synced with their commits; this one failed to close
        }
    }

    /** Waits until every queued write is committed; throws the first failure under the FAIL policy. */
    public void flush() {
        try {
            StoreThread.await(store.thread().sync("the writes of run " + info.id()));
        } catch (StoreException e) {
            failed(e);
        }
        check();
    }

    /** Waits for what is queued; never throws (the run's own error matters more). */
    @Override
    public void close() {
        try {
            store.thread().sync("the writes of run " + info.id()).join();
        } catch (RuntimeException ignored) {
            // reported by finish or check
        }
    }

    private void write(String what, StoreThread.Op op) {
        write(what, 0, false, op);
    }

    private void write(String what, long bytes, StoreThread.Op op) {
        write(what, bytes, false, op);
    }

    /** Queues {@code op}; unless {@code always}, it is dropped if an earlier write of the run failed. */
    private void write(String what, long bytes, boolean always, StoreThread.Op op) {
        if (!always) {
            check();
        }
        if (unstored) {
            return;
        }
        // a write queued before an earlier one failed is dropped when its turn comes, so that what is stored stays a
        // prefix of the run (its failed group was rolled back whole)
        CompletableFuture<Void> f = store.thread().write(what + " of run " + info.id(), bytes, c -> {
            if (always || failure == null) {
                op.run(c);
            }
        });
        f.whenComplete((v, e) -> {
            if (e != null) {
                failed(e instanceof StoreException s ? s : new StoreException(e.getMessage(), e));
            }
        });
    }

    private void failed(StoreException e) {
        if (failure != null) {
            return;
        }
        failure = e;
        if (policy == RunStore.FailurePolicy.CONTINUE) {
            unstored = true;
            LOG.warn("{}; run {} goes on without the store (--store-failure continue)", e.getMessage(), info.id());
        }
    }

    private void check() {
        StoreException f = failure;
        if (f != null && policy == RunStore.FailurePolicy.FAIL) {
            throw new StoreException(
                    f.getMessage() + "; run " + info.id() + " stops (resume it with simrt resume " + info.id()
                            + ", or run with --store-failure continue)",
                    f);
        }
    }
}
