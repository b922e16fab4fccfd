package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;

/** The {@link RunStore} on SQLite or PostgreSQL, through JDBC, with all database work on one {@link StoreThread}. */
final class JdbcRunStore implements RunStore {
    private static final SecureRandom IDS = new SecureRandom();

    private final StoreLocation location;
    private final StoreThread thread;
    /** Encodes batch records on {@link #thread}, the only thread that uses it. */
    private final RecordCodec codec = new RecordCodec();
    /**
     * {@link RunWrites#INSERT_BATCH}, prepared on {@link #thread} at the first batch and kept until the connection
     * closes: a statement prepared for each batch, and closed after it, cost SQLite a parse per batch.
     */
    private PreparedStatement insertBatch;
    /** The simulations of runs keeping every one, on SQLite; null on PostgreSQL, whose rows hold them. */
    private final SimulationFiles files;

    private JdbcRunStore(StoreLocation location, StoreThread thread, SimulationFiles files) {
        this.location = location;
        this.thread = thread;
        this.files = files;
    }

    static JdbcRunStore open(StoreLocation location) {
        DataSource ds = dataSource(location);
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            throw explain(location, e);
        }
        try {
            if (!location.postgres()) {
                checkpointEvery(c);
            }
            if (Schema.migrate(ds, c, location) && !location.postgres()) {
                checkpointSchema(c);
            }
        } catch (SQLException e) {
            close(c);
            throw explain(location, e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
        SimulationFiles files = location.postgres()
                ? null
                : SimulationFiles.beside(location.file().orElseThrow());
        StoreThread thread = new StoreThread(
                c,
                "simrt store",
                e -> explain(location, e),
                files == null ? null : k -> files.force(),
                files == null ? null : files::close);
        return new JdbcRunStore(location, thread, files);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // failing already
        }
    }

    private static DataSource dataSource(StoreLocation location) {
        if (location.postgres()) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(location.jdbcUrl());
            pg.setConnectTimeout(10);
            return pg;
        }
        Path file = location.file().orElseThrow();
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot make the directory " + dir + " for the run store: " + e
                    + "; choose another store with --store FILE, or run without one with --store none");
        }
        if (!Files.exists(file)) {
            create(location, file);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        // the store reads no generated keys; left on, the driver asked SQLite for the last row id after every insert
        // (a statement prepared and run each time: a tenth of the store thread's CPU, docs/run-store.md)
        config.setGetGeneratedKeys(false);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(location.jdbcUrl());
        return ds;
    }

    /**
     * SQLite's page size for a new store, its default. Stores made before schema version 4 have 64 KiB pages, which
     * suited batch records of 400 kB (10,000 MA2 simulations kept whole) in the database; those are now in
     * {@link SimulationFiles}, and with them out, every commit writing its changed pages whole made 64 KiB pages cost
     * more: the end of a run keeping every simulation 14 to 15 ms instead of 9 to 12, a store of candidates 1.9 bytes
     * per simulation instead of 1.05 (docs/run-store.md). A store keeps the page size it was made with.
     */
    static final int PAGE_SIZE = 4096;

    /** The write-ahead log's size at which SQLite checkpoints it: its default's 1,000 pages of 4 KiB. */
    static final int CHECKPOINT_BYTES = 4 << 20;

    /**
     * Checkpoints the write-ahead log every {@link #CHECKPOINT_BYTES} whatever the page size, as SQLite's default
     * does for 4 KiB pages: with 1,000 pages of 64 KiB (a store made before schema version 4), a run would copy up to
     * 64 MB of log into the database at close, after its last batch, instead of during the run.
     */
    private static void checkpointEvery(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            int pageSize;
            try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
                pageSize = rs.next() ? rs.getInt(1) : 4096;
            }
            s.execute("PRAGMA wal_autocheckpoint = " + Math.max(1, CHECKPOINT_BYTES / pageSize));
        }
    }

    /**
     * Copies a migration's pages (its tables and indexes: 1.8 MB of write-ahead log when new stores had 64 KiB
     * pages) into the database file when the store is created or brought up to date, and empties the log. The
     * migration is then on disk before the first run, and the first run's checkpoints, the last of them at its
     * close, copy that run's pages only, as every later run's do (docs/run-store.md). Loads the new schema on this
     * connection too: Flyway migrated on another one.
     */
    private static void checkpointSchema(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("SELECT COUNT(*) FROM simrt_runs");
        }
    }

    /**
     * Creates the SQLite file with {@link #PAGE_SIZE} pages in WAL mode. The page size must be set before the mode
     * (a database in WAL mode keeps the page size it has), and the JDBC driver applies its settings in no set order.
     */
    private static void create(StoreLocation location, Path file) {
        SQLiteConfig plain = new SQLiteConfig();
        plain.setBusyTimeout(5000);
        try (Connection c = plain.createConnection(location.jdbcUrl());
                java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size = " + PAGE_SIZE);
            s.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw explain(location, e);
        }
    }

    /** A database error as one sentence naming the store and what to do. */
    static StoreException explain(StoreLocation location, SQLException e) {
        String store = "the run store " + location.display();
        String cause = e.getMessage();
        if (e instanceof SQLiteException s) {
            switch (s.getResultCode().code & 0xff) {
                case 5, 6 -> {
                    return new StoreException(
                            store + " is locked by another writer (" + cause + "); wait for it to"
                                    + " finish, or use another store (--store FILE)",
                            e);
                }
                case 8, 14 -> {
                    return new StoreException(
                            store + " cannot be written (" + cause + "); make it writable, or use"
                                    + " another store (--store FILE) or none (--store none)",
                            e);
                }
                case 11, 26 -> {
                    return new StoreException(
                            store + " is not a simrt run store or is damaged (" + cause + "); move"
                                    + " it away, or use another store (--store FILE)",
                            e);
                }
                case 13 -> {
                    return new StoreException(
                            store + " is full: no room left on its disk (" + cause + "); what was"
                                    + " stored is intact: free some space and resume the run, or use another store",
                            e);
                }
                default -> {
                    return new StoreException(store + " failed: " + cause, e);
                }
            }
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
            return new StoreException(
                    store + " cannot be reached or went away (" + cause + "); what was stored is"
                            + " intact: resume the run when the database is back, or run with --store-failure continue",
                    e);
        }
        return new StoreException(store + " failed: " + cause, e);
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    @Override
    public StoredRun start(RunInfo info, boolean reuse, FailurePolicy failure) {
        String id = HexFormat.of().formatHex(IDS.generateSeed(6));
        RunInfo run = new RunInfo(
                id,
                info.kind(),
                RunStatus.RUNNING,
                info.command(),
                info.modelName(),
                info.parameterNames(),
                info.modelSpec(),
                info.specHash(),
                info.observedHash(),
                info.codeHash(),
                info.seed(),
                info.rng(),
                info.batchSize(),
                info.samples(),
                info.objective(),
                info.thresholdKey(),
                info.keepSimulations(),
                info.simrtVersion(),
                info.client(),
                info.engines(),
                info.startedAt(),
                Optional.empty(),
                0,
                0,
                "");
        return thread.read("run " + id, c -> {
            Optional<String> source = reuse ? reusable(c, run) : Optional.empty();
            Map<Long, BatchRecord> offered =
                    source.isPresent() ? RunReads.loadBatches(c, files, source.get()) : Map.of();
            insertRun(c, run);
            return new StoredRun(this, run, Map.of(), offered, source, failure);
        });
    }

    @Override
    public StoredRun resume(RunInfo updated, FailurePolicy failure) {
        return thread.read("run " + updated.id(), c -> {
            RunInfo stored = only(c, updated.id());
            if (stored.status() == RunStatus.DONE && stored.objective().equals(updated.objective())) {
                throw new StoreException(
                        "run " + stored.id() + " is done; nothing to resume (simrt runs show " + stored.id() + ")");
            }
            if (files != null && stored.keepSimulations()) {
                files.hold(stored.id()); // before the run's row changes: fails while another process appends to it
            }
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE simrt_runs SET status = ?, command = ?, objective = ?,"
                            + " client = ?, engines = ?, ended_at = NULL, message = NULL WHERE id = ?")) {
                s.setString(1, RunStatus.RUNNING.id());
                s.setString(2, JsonText.strings(updated.command()));
                s.setString(3, updated.objective());
                s.setString(4, updated.client());
                s.setInt(5, updated.engines());
                s.setString(6, stored.id());
                s.executeUpdate();
            }
            return new StoredRun(
                            this,
                            stored,
                            RunReads.loadBatches(c, files, stored.id()),
                            Map.of(),
                            Optional.empty(),
                            failure)
                    .withStoredPopulations(RunReads.populationIndices(c, stored.id()))
                    .withSmcCheckpoint(RunReads.lastCheckpoint(c, stored.id()));
        });
    }

    @Override
    public Optional<RunInfo> find(String id) {
        return thread.read("run " + id, c -> {
            List<RunInfo> found = RunReads.select(c, "WHERE id LIKE ? ORDER BY started_at DESC", prefix(id));
            if (found.size() > 1) {
                throw ambiguous(id, found);
            }
            return found.stream().findFirst();
        });
    }

    @Override
    public List<RunInfo> runs() {
        return thread.read("the list of runs", c -> RunReads.select(c, "ORDER BY started_at DESC, id"));
    }

    @Override
    public List<BatchRecord> batches(String id) {
        return thread.read(
                "run " + id,
                c -> List.copyOf(
                        RunReads.loadBatches(c, files, only(c, id).id()).values()));
    }

    @Override
    public List<StoredSmcUpdate> smcUpdates(String id) {
        return thread.read(
                "run " + id, c -> RunReads.loadSmcUpdates(c, only(c, id).id()));
    }

    @Override
    public List<StoredPopulation> populations(String id) {
        return thread.read("run " + id, c -> RunReads.loadPopulations(c, only(c, id), -1));
    }

    @Override
    public StoredResult result(String id) {
        return result(id, -1);
    }

    @Override
    public StoredResult result(String id, int population) {
        return thread.read("run " + id, c -> {
            RunInfo run = only(c, id);
            int count = RunReads.populationIndices(c, run.id()).size();
            if (count == 0) {
                throw new StoreException("run " + run.id() + " stored no population (it is "
                        + run.status().id() + (run.message().isEmpty() ? "" : ": " + run.message()) + ")");
            }
            int index = population < 0 ? count - 1 : population;
            List<StoredPopulation> found = RunReads.loadPopulations(c, run, index);
            if (found.isEmpty()) {
                throw new StoreException("run " + run.id() + " has no population " + population + " (it has "
                        + (count == 1 ? "population 0" : "populations 0 to " + (count - 1)) + ")");
            }
            return new StoredResult(run, found.get(0), count);
        });
    }

    @Override
    public void close() {
        thread.close(); // closes the simulations files on its thread, the only one that uses them
    }

    StoreThread thread() {
        return thread;
    }

    /** The batch insert on {@code c}, the store's connection, for writes on the store's thread only. */
    PreparedStatement insertBatch(Connection c) throws SQLException {
        if (insertBatch == null) {
            insertBatch = c.prepareStatement(RunWrites.INSERT_BATCH);
        }
        return insertBatch;
    }

    /** The simulations files, null on PostgreSQL; for the store's thread only (writes and reads queued on it). */
    SimulationFiles simulationFiles() {
        return files;
    }

    /** The batch records' encoder, for writes on the store's thread only. */
    RecordCodec codec() {
        return codec;
    }

    private static String prefix(String id) {
        return id.replace("%", "").replace("_", "") + "%";
    }

    private static StoreException ambiguous(String id, List<RunInfo> found) {
        List<String> ids = found.stream().map(RunInfo::id).toList();
        return new StoreException("'" + id + "' matches " + found.size() + " runs " + ids + "; give more of its id");
    }

    private RunInfo only(Connection c, String id) throws SQLException {
        List<RunInfo> found = RunReads.select(c, "WHERE id LIKE ?", prefix(id));
        if (found.isEmpty()) {
            throw new StoreException("no run '" + id + "' in " + location.display() + " (simrt runs list)");
        }
        if (found.size() > 1) {
            throw ambiguous(id, found);
        }
        return found.get(0);
    }

    /** The earlier run with the most batches whose batches this run may merge (ELFI's output pools). */
    private static Optional<String> reusable(Connection c, RunInfo run) throws SQLException {
        if (!run.kind().equals("abc")) {
            return Optional.empty();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM simrt_runs WHERE kind = 'abc' AND spec_hash = ?"
                + " AND observed_hash = ? AND code_hash = ? AND seed = ? AND rng = ? AND batch_size = ?"
                + " AND (keep = 'simulations' OR (samples >= ? AND threshold_key = ?))"
                + " ORDER BY (SELECT COUNT(*) FROM simrt_batches b WHERE b.run_id = simrt_runs.id) DESC, started_at"
                + " DESC")) {
            s.setString(1, run.specHash());
            s.setString(2, run.observedHash());
            s.setString(3, run.codeHash());
            s.setLong(4, run.seed());
            s.setString(5, run.rng().id());
            s.setInt(6, run.batchSize());
            s.setInt(7, run.samples());
            s.setString(8, run.thresholdKey());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void insertRun(Connection c, RunInfo r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO simrt_runs (id, kind, status, command, model_name,"
                + " parameter_names, model_spec, spec_hash, observed_hash, code_hash, seed, rng, batch_size, samples,"
                + " objective, threshold_key, keep, simrt_version, client, engines, started_at, batches_run,"
                + " batches_reused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
            int i = 1;
            s.setString(i++, r.id());
            s.setString(i++, r.kind());
            s.setString(i++, r.status().id());
            s.setString(i++, JsonText.strings(r.command()));
            s.setString(i++, r.modelName());
            s.setString(i++, JsonText.strings(r.parameterNames()));
            s.setString(i++, r.modelSpec());
            s.setString(i++, r.specHash());
            s.setString(i++, r.observedHash());
            s.setString(i++, r.codeHash());
            s.setLong(i++, r.seed());
            s.setString(i++, r.rng().id());
            s.setInt(i++, r.batchSize());
            s.setInt(i++, r.samples());
            s.setString(i++, r.objective());
            s.setString(i++, r.thresholdKey());
            s.setString(i++, r.keepSimulations() ? "simulations" : "candidates");
            s.setString(i++, r.simrtVersion());
            s.setString(i++, r.client());
            s.setInt(i++, r.engines());
            s.setString(i, r.startedAt().toString());
            s.executeUpdate();
        }
    }
}
