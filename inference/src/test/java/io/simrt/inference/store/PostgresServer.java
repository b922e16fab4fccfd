package io.simrt.inference.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the machine's packages (Debian's postgresql, which .ci/run installs): a
 * fresh cluster in a temporary directory, listening on a free loopback port, trusting local connections, without
 * fsync. Under root the server runs as the postgres user, since PostgreSQL refuses root. {@link #close()} stops it
 * and ends its processes by pid, then deletes the directory. Fails, never skips, when PostgreSQL is not installed.
 */
@SuppressWarnings("try") // close() may be interrupted while it waits for the server to stop
public final class PostgresServer implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgres;
    private boolean running;

    private PostgresServer(Path dir, Path bin, int port, boolean asPostgres) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Starts a new server; the caller closes it. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("simrt-pg");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = dir.resolve("data");
        Files.createDirectory(data);
        if (root) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
            Files.setOwner(data, postgres);
        }
        PostgresServer s = new PostgresServer(dir, bin, freePort(), root);
        s.run(
                60,
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "simrt",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync");
        s.start(60);
        return s;
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    public void start(int timeoutSeconds) throws IOException, InterruptedException {
        run(
                timeoutSeconds,
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "start");
        running = true;
    }

    /** Stops the server at once, as a database that goes away would (connections are cut). */
    public void stop() throws IOException, InterruptedException {
        if (running) {
            run(
                    60,
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop");
            running = false;
        }
    }

    /** A new empty database on this server; its JDBC URL. */
    public String newDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"));
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=simrt";
    }

    private void run(int timeoutSeconds, String... argv) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgres) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(argv));
        Path log = Files.createTempFile("simrt-pg-cmd", ".txt");
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                String serverLog = Files.exists(dir.resolve("server.log"))
                        ? Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8)
                        : "";
                throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n"
                        + Files.readString(log, StandardCharsets.UTF_8) + serverLog);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The newest installed server's binaries, under Debian's /usr/lib/postgresql/VERSION/bin. */
    private static Path binaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent())));
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        throw new IllegalStateException("the PostgreSQL server is not installed (no initdb and pg_ctl under " + base
                + "): apt-get install -y postgresql");
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString().split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The server's main process id, from its pid file; -1 if it is not running. */
    private long postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"));
            return Long.parseLong(lines.get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Stops the server, ends any of its processes left by pid, and deletes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        long pid = postmasterPid();
        try {
            stop();
        } finally {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
