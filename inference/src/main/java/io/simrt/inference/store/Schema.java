package io.simrt.inference.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The store's schema, versioned with Flyway: migrations in {@code io/simrt/inference/store/migration}, history in
 * {@code simrt_schema_history}. Flyway runs only when the schema is missing or older than this simrt's, so opening a
 * current store costs one query; a store written by a newer simrt is refused, never changed.
 */
final class Schema {
    /** The schema version this simrt writes. */
    static final int VERSION = 4;

    static final String HISTORY = "simrt_schema_history";

    private Schema() {}

    /**
     * Brings the store to {@link #VERSION}; true if it migrated (the store was new or older).
     *
     * @throws StoreException if the store's schema is newer, or the migration failed
     */
    static boolean migrate(DataSource dataSource, Connection c, StoreLocation location) throws SQLException {
        int current = currentVersion(c);
        if (current == VERSION) {
            return false;
        }
        if (current > VERSION) {
            throw new StoreException("the run store " + location.display() + " has schema version " + current
                    + ", written by a newer simrt; this one knows version " + VERSION
                    + ". Use that simrt, or another store (--store FILE, or --store none)");
        }
        try {
            Flyway.configure(Schema.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:io/simrt/inference/store/migration")
                    .table(HISTORY)
                    .placeholders(Map.of("blob", location.postgres() ? "BYTEA" : "BLOB"))
                    .load()
                    .migrate();
            return true;
        } catch (FlywayException e) {
            throw new StoreException(
                    "could not bring the run store " + location.display() + " to schema version " + VERSION + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** The highest successfully applied version; 0 if the store has no schema yet. */
    static int currentVersion(Connection c) throws SQLException {
        boolean exists;
        try (ResultSet rs = c.getMetaData().getTables(null, null, HISTORY, null)) {
            exists = rs.next();
        }
        if (!exists) {
            return 0;
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY + " WHERE success = "
                        + (isPostgres(c) ? "TRUE" : "1") + " AND version IS NOT NULL")) {
            int max = 0;
            while (rs.next()) {
                try {
                    max = Math.max(max, Integer.parseInt(rs.getString(1).split("\\.")[0]));
                } catch (NumberFormatException e) {
                    throw new StoreException("the store's schema history holds version '" + rs.getString(1)
                            + "', which no simrt writes: this is not a simrt run store");
                }
            }
            return max;
        }
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(java.util.Locale.ROOT)
                .contains("postgres");
    }
}
