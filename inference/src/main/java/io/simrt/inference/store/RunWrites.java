package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.results.Sample;
import io.simrt.inference.smc.SmcStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** The store's writes of a run's batches, SMC updates and populations, on a connection the store's thread owns. */
final class RunWrites {
    private RunWrites() {}

    /** A batch's row, for {@link #insertBatch}. */
    static final String INSERT_BATCH = "INSERT INTO simrt_batches (run_id, batch_index, size, skipped, accepted,"
            + " complete, kept, n_params, n_summaries, data, reused_from, data_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?)";

    private static final byte[] NO_DATA = new byte[0];

    /**
     * Inserts batch record {@code r} with {@code s}, {@link #INSERT_BATCH} prepared once for the store's writes. With
     * {@code files}, a complete record is appended to the run's simulations file first and its row says where;
     * without (PostgreSQL, or a record of some rows only), the row holds the record.
     */
    static void insertBatch(
            PreparedStatement s, RecordCodec codec, SimulationFiles files, String runId, BatchRecord r, String from)
            throws SQLException {
        boolean inFile = files != null && r.complete();
        s.setString(1, runId);
        s.setLong(2, r.index());
        s.setInt(3, r.size());
        s.setLong(4, r.skipped());
        s.setLong(5, r.accepted());
        s.setInt(6, r.complete() ? 1 : 0);
        s.setInt(7, r.kept());
        s.setInt(8, r.nParams());
        s.setInt(9, r.nSummaries());
        if (inFile) {
            s.setLong(12, files.append(runId, r));
            s.setBytes(10, NO_DATA);
        } else {
            s.setNull(12, Types.BIGINT);
            s.setBytes(10, codec.encode(r));
        }
        if (from == null) {
            s.setNull(11, Types.VARCHAR);
        } else {
            s.setString(11, from);
        }
        s.executeUpdate();
    }

    static void insertUpdate(Connection c, String runId, SmcStep step) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO simrt_smc_updates (run_id, experiments, experiment,"
                + " outcome, means, resamples, n_ess, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, runId);
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

    static void insertPopulation(
            Connection c,
            String runId,
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
                + " round_threshold, threshold, simulations, batches, samples, covariance, sample_data) VALUES (?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, runId);
            s.setInt(2, round);
            setDouble(s, 3, roundThreshold);
            setDouble(s, 4, threshold);
            s.setLong(5, simulations);
            s.setLong(6, batches);
            s.setInt(7, sample.size());
            s.setString(8, JsonText.numbers(covariance));
            // one blob, not a row per sample and parameter: SQLite took 11 ms of CPU to insert a 1e6 MA2 run's 10,000
            // rows after its last batch, this takes well under one (docs/run-store.md)
            s.setBytes(9, RecordCodec.encodeSamples(sample, distances));
            s.executeUpdate();
        }
    }

    /** NaN as NULL: SQLite would store it as NULL anyway, PostgreSQL as its own NaN. */
    static void setDouble(PreparedStatement s, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            s.setNull(i, Types.DOUBLE);
        } else {
            s.setDouble(i, v);
        }
    }
}
