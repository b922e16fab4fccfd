package io.simrt.inference.store;

import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.abc.Population;
import io.simrt.inference.results.Sample;
import io.simrt.inference.smc.SmcCheckpoint;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.smc.SmcStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
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
    private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
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
        write("update " + step.experiments(), c -> insertUpdate(c, step));
    }

    /** Stores an smc run's final posterior as its population 0, after {@code experiments} experiments. */
    public void smcResult(Sample posterior, int experiments) {
        if (storedPopulations.contains(0)) {
            return;
        }
        write(
                "the posterior",
                c -> insertPopulation(
                        c, 0, Double.NaN, Double.NaN, experiments, 0, new double[0], posterior, new double[0]));
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
        write("batch " + record.index(), c -> insertBatch(c, record, null));
    }

    @Override
    public void reused(BatchRecord record) {
        reused.incrementAndGet();
        if (!own.containsKey(record.index())) {
            write("batch " + record.index(), c -> insertBatch(c, record, source.orElse(null)));
        }
    }

    @Override
    public void population(int round, Population p) {
        if (storedPopulations.contains(round)) {
            return;
        }
        write(
                "population " + round,
                c -> insertPopulation(
                        c,
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
                c -> insertPopulation(
                        c,
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
        write("the end of the run", c -> {
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
        flush();
    }

    /** Waits until every queued write is committed; throws the first failure under the FAIL policy. */
    public void flush() {
        try {
            StoreThread.await(last);
        } catch (StoreException e) {
            failed(e);
        }
        check();
    }

    /** Waits for what is queued; never throws (the run's own error matters more). */
    @Override
    public void close() {
        try {
            last.join();
        } catch (RuntimeException ignored) {
            // reported by finish or check
        }
    }

    private void write(String what, StoreThread.Op op) {
        check();
        if (unstored) {
            return;
        }
        CompletableFuture<Void> f = store.thread().write(what + " of run " + info.id(), op);
        f.whenComplete((v, e) -> {
            if (e != null) {
                failed(e instanceof StoreException s ? s : new StoreException(e.getMessage(), e));
            }
        });
        last = f;
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

    private void insertBatch(Connection c, BatchRecord r, String from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO simrt_batches (run_id, batch_index, size, skipped,"
                + " accepted, complete, kept, n_params, n_summaries, data, reused_from) VALUES (?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?)")) {
            s.setString(1, info.id());
            s.setLong(2, r.index());
            s.setInt(3, r.size());
            s.setLong(4, r.skipped());
            s.setLong(5, r.accepted());
            s.setInt(6, r.complete() ? 1 : 0);
            s.setInt(7, r.kept());
            s.setInt(8, r.nParams());
            s.setInt(9, r.nSummaries());
            s.setBytes(10, RecordCodec.encode(r));
            if (from == null) {
                s.setNull(11, Types.VARCHAR);
            } else {
                s.setString(11, from);
            }
            s.executeUpdate();
        }
    }

    private void insertUpdate(Connection c, SmcStep step) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO simrt_smc_updates (run_id, experiments, experiment,"
                + " outcome, means, resamples, n_ess, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, info.id());
            s.setInt(2, step.experiments());
            s.setString(
                    3,
                    JsonText.object(
                            step.experiment().layout().fields(),
                            step.experiment().toArray()));
            s.setInt(4, step.outcome());
            s.setString(5, JsonText.numbers(step.means()));
            s.setInt(6, step.resamples());
            setDouble(s, 7, Double.isFinite(step.nEss()) ? step.nEss() : Double.NaN);
            if (step.checkpoint().isPresent()) {
                s.setBytes(8, SmcStateCodec.encode(step.checkpoint().get()));
            } else {
                s.setNull(8, Types.BINARY); // BLOB would be an oid to PostgreSQL
            }
            s.executeUpdate();
        }
    }

    private void insertPopulation(
            Connection c,
            int round,
            double roundThreshold,
            double threshold,
            long simulations,
            long batches,
            double[] covariance,
            Sample sample,
            double[] distances)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO simrt_populations (run_id, population,"
                + " round_threshold, threshold, simulations, batches, samples, covariance) VALUES (?, ?, ?, ?, ?, ?,"
                + " ?, ?)")) {
            s.setString(1, info.id());
            s.setInt(2, round);
            setDouble(s, 3, roundThreshold);
            setDouble(s, 4, threshold);
            s.setLong(5, simulations);
            s.setLong(6, batches);
            s.setInt(7, sample.size());
            s.setString(8, JsonText.numbers(covariance));
            s.executeUpdate();
        }
        double[] x = sample.toArray();
        double[] w = sample.weights().orElse(null);
        int d = sample.dim();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO simrt_samples (run_id, population, sample_row,"
                + " parameter, value, distance, weight) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < sample.size(); i++) {
                for (int q = 0; q < d; q++) {
                    s.setString(1, info.id());
                    s.setInt(2, round);
                    s.setInt(3, i);
                    s.setString(4, sample.parameterNames().get(q));
                    s.setDouble(5, x[i * d + q]);
                    setDouble(s, 6, i < distances.length ? distances[i] : Double.NaN);
                    s.setDouble(7, w == null ? 1.0 : w[i]);
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    /** NaN as NULL: SQLite would store it as NULL anyway, PostgreSQL as its own NaN. */
    private static void setDouble(PreparedStatement s, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }
}
