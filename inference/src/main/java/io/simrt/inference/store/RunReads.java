package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.results.Sample;
import io.simrt.inference.smc.SmcCheckpoint;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The store's reads of runs, batch records, SMC updates and populations, on a connection the store's thread owns. */
final class RunReads {
    private RunReads() {}

    static List<RunInfo> select(Connection c, String where, String... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id, kind, status, command, model_name, parameter_names,"
                + " model_spec, spec_hash, observed_hash, code_hash, seed, rng, batch_size, samples, objective,"
                + " threshold_key, keep, simrt_version, client, engines, started_at, ended_at, batches_run,"
                + " batches_reused, message FROM simrt_runs " + where)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            List<RunInfo> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(runOf(rs));
                }
            }
            return out;
        }
    }

    static RunInfo runOf(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        try {
            String ended = rs.getString("ended_at");
            return new RunInfo(
                    id,
                    rs.getString("kind"),
                    RunStatus.of(rs.getString("status")),
                    JsonText.parseStrings(rs.getString("command"), "run " + id + "'s command"),
                    rs.getString("model_name"),
                    JsonText.parseStrings(rs.getString("parameter_names"), "run " + id + "'s parameter names"),
                    rs.getString("model_spec"),
                    rs.getString("spec_hash"),
                    rs.getString("observed_hash"),
                    rs.getString("code_hash"),
                    rs.getLong("seed"),
                    RngFamily.parse(rs.getString("rng")),
                    rs.getInt("batch_size"),
                    rs.getInt("samples"),
                    rs.getString("objective"),
                    rs.getString("threshold_key"),
                    rs.getString("keep").equals("simulations"),
                    rs.getString("simrt_version"),
                    rs.getString("client"),
                    rs.getInt("engines"),
                    Instant.parse(rs.getString("started_at")),
                    ended == null ? Optional.empty() : Optional.of(Instant.parse(ended)),
                    rs.getLong("batches_run"),
                    rs.getLong("batches_reused"),
                    rs.getString("message"));
        } catch (RuntimeException e) {
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException(
                    "run " + id + " cannot be read back (" + e.getMessage() + "); the store is damaged", e);
        }
    }

    /**
     * Run {@code runId}'s batch records by index, those kept in a simulations file read from {@code files} (null on
     * PostgreSQL, which keeps none there).
     */
    static Map<Long, BatchRecord> loadBatches(Connection c, SimulationFiles files, String runId) throws SQLException {
        Map<Long, BatchRecord> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT batch_index, size, skipped, accepted, complete, kept,"
                + " n_params, n_summaries, data, data_offset FROM simrt_batches WHERE run_id = ?"
                + " ORDER BY batch_index")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long index = rs.getLong(1);
                    byte[] data = data(rs, files, runId, index);
                    try {
                        out.put(
                                index,
                                RecordCodec.decode(
                                        index,
                                        rs.getInt(2),
                                        rs.getLong(3),
                                        rs.getLong(4),
                                        rs.getInt(5) == 1,
                                        rs.getInt(6),
                                        rs.getInt(7),
                                        rs.getInt(8),
                                        data,
                                        runId));
                    } catch (ParameterException e) {
                        throw new StoreException(
                                "run " + runId + ", batch " + index + ": " + e.getMessage() + "; the store is damaged",
                                e);
                    }
                }
            }
        }
        return out;
    }

    /** The record of batch {@code index} in the current row of {@code rs}: its data, or its simulations file's. */
    private static byte[] data(ResultSet rs, SimulationFiles files, String runId, long index) throws SQLException {
        long offset = rs.getLong(10);
        if (rs.wasNull()) {
            return rs.getBytes(9);
        }
        if (files == null || rs.getInt(5) != 1) {
            throw new StoreException("run " + runId + ", batch " + index + ": its row points into a simulations file"
                    + (files == null ? ", which a PostgreSQL store does not have" : " but is not complete")
                    + "; the store is damaged");
        }
        return files.read(runId, index, offset, SimulationFiles.length(rs.getInt(2), rs.getInt(7), rs.getInt(8)));
    }

    /**
     * The last SMC checkpoint of run {@code runId}, if any; the updates stored after it (between checkpoints) are
     * deleted, as the resumed run does them again.
     */
    static Optional<SmcCheckpoint> lastCheckpoint(Connection c, String runId) throws SQLException {
        Optional<SmcCheckpoint> found = Optional.empty();
        try (PreparedStatement s =
                c.prepareStatement("SELECT experiments, state FROM simrt_smc_updates WHERE run_id = ?"
                        + " AND state IS NOT NULL ORDER BY experiments DESC LIMIT 1")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    found = Optional.of(SmcStateCodec.decode(rs.getInt(1), rs.getBytes(2), runId));
                }
            }
        }
        try (PreparedStatement s =
                c.prepareStatement("DELETE FROM simrt_smc_updates WHERE run_id = ? AND experiments > ?")) {
            s.setString(1, runId);
            s.setInt(2, found.map(SmcCheckpoint::experiments).orElse(0));
            s.executeUpdate();
        }
        return found;
    }

    static List<StoredSmcUpdate> loadSmcUpdates(Connection c, String runId) throws SQLException {
        List<StoredSmcUpdate> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT experiments, experiment, outcome, means, resamples,"
                + " n_ess, state IS NOT NULL FROM simrt_smc_updates WHERE run_id = ? ORDER BY experiments")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int k = rs.getInt(1);
                    double nEss = rs.getDouble(6);
                    if (rs.wasNull()) {
                        nEss = Double.NaN;
                    }
                    out.add(new StoredSmcUpdate(
                            k,
                            rs.getString(2),
                            rs.getInt(3),
                            JsonText.parseNumbers(rs.getString(4), "run " + runId + ", update " + k + "'s means"),
                            rs.getInt(5),
                            nEss,
                            rs.getBoolean(7)));
                }
            }
        }
        return out;
    }

    static Set<Integer> populationIndices(Connection c, String runId) throws SQLException {
        Set<Integer> out = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT population FROM simrt_populations WHERE run_id = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1));
                }
            }
        }
        return out;
    }

    /** The populations of {@code run}, or only population {@code only} when it is not negative. */
    static List<StoredPopulation> loadPopulations(Connection c, RunInfo run, int only) throws SQLException {
        List<StoredPopulation> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT population, round_threshold, threshold, simulations,"
                + " batches, samples, sample_data FROM simrt_populations WHERE run_id = ?"
                + (only < 0 ? "" : " AND population = ?") + " ORDER BY population")) {
            s.setString(1, run.id());
            if (only >= 0) {
                s.setInt(2, only);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int pop = rs.getInt(1);
                    double roundThreshold = rs.getDouble(2);
                    if (rs.wasNull()) {
                        roundThreshold = Double.NaN;
                    }
                    double threshold = rs.getDouble(3);
                    if (rs.wasNull()) {
                        threshold = Double.NaN;
                    }
                    StoredPopulation p = new StoredPopulation(
                            pop, roundThreshold, threshold, rs.getLong(4), rs.getLong(5), null, new double[0]);
                    byte[] data = rs.getBytes(7);
                    out.add(
                            data == null
                                    ? p
                                    : RecordCodec.decodeSamples(p, run.parameterNames(), rs.getInt(6), data, run.id()));
                }
            }
        }
        List<StoredPopulation> filled = new ArrayList<>();
        for (StoredPopulation p : out) {
            // a population stored before schema version 3 has its samples in simrt_samples
            filled.add(p.sample() != null ? p : withSamples(c, run, p));
        }
        return filled;
    }

    /** A population stored before schema version 3, with its samples from simrt_samples. */
    static StoredPopulation withSamples(Connection c, RunInfo run, StoredPopulation p) throws SQLException {
        List<String> names = run.parameterNames();
        int d = names.size();
        List<double[]> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT sample_row, parameter, value, distance, weight FROM"
                + " simrt_samples WHERE run_id = ? AND population = ?")) {
            s.setString(1, run.id());
            s.setInt(2, p.index());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int row = rs.getInt(1);
                    int col = names.indexOf(rs.getString(2));
                    if (col < 0) {
                        throw new StoreException("run " + run.id() + " has a sample of parameter '" + rs.getString(2)
                                + "', which it does not have; the store is damaged");
                    }
                    while (rows.size() <= row) {
                        rows.add(null);
                    }
                    double[] r = rows.get(row);
                    if (r == null) {
                        r = new double[d + 2];
                        rows.set(row, r);
                    }
                    r[col] = rs.getDouble(3);
                    double dist = rs.getDouble(4);
                    r[d] = rs.wasNull() ? Double.NaN : dist;
                    r[d + 1] = rs.getDouble(5);
                }
            }
        }
        int n = rows.size();
        double[] params = new double[n * d];
        double[] weights = new double[n];
        double[] distances = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            if (r == null) {
                throw new StoreException("run " + run.id() + ", population " + p.index() + " lacks sample row " + i
                        + "; the store is damaged");
            }
            System.arraycopy(r, 0, params, i * d, d);
            distances[i] = r[d];
            weights[i] = r[d + 1];
        }
        Sample sample = Sample.weighted(names, n, params, weights);
        return new StoredPopulation(
                p.index(), p.roundThreshold(), p.threshold(), p.simulations(), p.batches(), sample, distances);
    }
}
