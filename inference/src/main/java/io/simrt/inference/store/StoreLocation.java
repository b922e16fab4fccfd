package io.simrt.inference.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs are stored: an SQLite file, a PostgreSQL JDBC URL, or nowhere. Parsed from {@code --store} (or the
 * {@code SIMRT_STORE} variable): {@code none}, a {@code jdbc:postgresql://...} URL, a {@code jdbc:sqlite:FILE} URL or
 * a file name (a {@code jdbc:sqlite:} URL may carry SQLite settings as a query, e.g.
 * {@code ?max_page_count=1000} to cap its size). The default is {@code runs.db} in the per-user data directory: {@code $XDG_DATA_HOME/simrt}, or
 * {@code ~/.local/share/simrt} when that variable is unset.
 *
 * @param jdbcUrl the JDBC URL; empty for none
 * @param file    the SQLite file, if the store is one
 */
public record StoreLocation(String jdbcUrl, Optional<Path> file) {
    /** No store. */
    public static final StoreLocation NONE = new StoreLocation("", Optional.empty());

    /**
     * The store {@code spec} names.
     *
     * @throws StoreException if the URL is of a database simrt does not store in
     */
    public static StoreLocation parse(String spec) {
        String s = spec.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            return NONE;
        }
        if (s.startsWith("jdbc:postgresql:")) {
            return new StoreLocation(s, Optional.empty());
        }
        if (s.startsWith("jdbc:sqlite:")) {
            // SQLite's settings may follow the file as a query: jdbc:sqlite:runs.db?max_page_count=1000
            String rest = s.substring("jdbc:sqlite:".length());
            int q = rest.indexOf('?');
            Path f = Path.of(q < 0 ? rest : rest.substring(0, q))
                    .toAbsolutePath()
                    .normalize();
            return new StoreLocation("jdbc:sqlite:" + f + (q < 0 ? "" : rest.substring(q)), Optional.of(f));
        }
        if (s.startsWith("jdbc:")) {
            throw new StoreException("--store " + s + ": simrt stores runs in SQLite (a file name) or PostgreSQL"
                    + " (jdbc:postgresql://host/db); give one of those, or none");
        }
        return sqlite(Path.of(s));
    }

    /** An SQLite file. */
    public static StoreLocation sqlite(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new StoreLocation("jdbc:sqlite:" + abs, Optional.of(abs));
    }

    /** {@code SIMRT_STORE} if set, else the per-user default file. */
    public static StoreLocation fromEnvironment(Map<String, String> env) {
        String given = env.get("SIMRT_STORE");
        if (given != null && !given.isBlank()) {
            return parse(given);
        }
        return sqlite(defaultFile(env));
    }

    /** {@code $XDG_DATA_HOME/simrt/runs.db}, or {@code ~/.local/share/simrt/runs.db}. */
    public static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("simrt").resolve("runs.db");
    }

    public boolean none() {
        return jdbcUrl.isEmpty();
    }

    public boolean postgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** The location as it is safe to print: the file, or the URL without its password. */
    public String display() {
        if (none()) {
            return "none";
        }
        return file.map(Path::toString).orElse(jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***"));
    }

    @Override
    public String toString() {
        return display();
    }
}
