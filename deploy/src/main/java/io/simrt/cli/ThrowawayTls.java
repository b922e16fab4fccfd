package io.simrt.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * TLS stores for one benchmark run, made in a temporary directory by the same commands a user runs ({@code simrt
 * certs init} and {@code simrt certs node bench}, certificates valid for a day) and deleted afterwards; every in-JVM
 * node presents the one node key. Not for real clusters: those make theirs once and keep them.
 */
final class ThrowawayTls implements AutoCloseable {
    private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine";
    private static final String NODE = "bench";

    private final Path dir;

    private ThrowawayTls(Path dir) {
        this.dir = dir;
    }

    static ThrowawayTls create() {
        Path dir;
        try {
            dir = Files.createTempDirectory("simrt-bench-tls-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a temporary directory for the TLS stores: " + e, e);
        }
        ThrowawayTls tls = new ThrowawayTls(dir);
        try {
            tls.certs("init", "--dir", dir.toString(), "--days", "1");
            tls.certs("node", NODE, "--dir", dir.toString(), "--days", "1", "--san", "localhost,127.0.0.1");
            return tls;
        } catch (RuntimeException e) {
            tls.close();
            throw e;
        }
    }

    private void certs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "certs";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Simrt.execute(all, new PrintWriter(out), new PrintWriter(err));
        if (status != 0) {
            throw new IllegalStateException("making the TLS stores failed (simrt certs " + args[0] + "): " + err);
        }
    }

    /** The {@code tls} profile on top of {@code local}, with these stores (passwords from their files). */
    Config config() {
        Path node = dir.resolve(NODE);
        return ConfigFactory.empty()
                .withValue("simrt.profile", ConfigValueFactory.fromAnyRef("local,tls"))
                .withValue(
                        SSL + ".key-store",
                        ConfigValueFactory.fromAnyRef(
                                node.resolve(CertsDir.KEY_STORE).toString()))
                .withValue(SSL + ".key-store-password", password(node.resolve(CertsDir.KEY_PASSWORD)))
                .withValue(
                        SSL + ".trust-store",
                        ConfigValueFactory.fromAnyRef(
                                node.resolve(CertsDir.TRUST_STORE).toString()))
                .withValue(SSL + ".trust-store-password", password(node.resolve(CertsDir.TRUST_PASSWORD)));
    }

    private static ConfigValue password(Path file) {
        return ConfigValueFactory.fromAnyRef(CertsDir.readPassword(file));
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
