package io.simrt.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * TLS stores for one benchmark run, made with the JDK's keytool in a temporary directory and deleted afterwards: a
 * CA made for this run only, and one node key it signed, which every in-JVM node presents (the steps of docs/tls.md,
 * with a random password and certificates valid for a day). Not for real clusters: those bring their own stores.
 */
final class ThrowawayTls implements AutoCloseable {
    private static final String SSL = "pekko.remote.artery.ssl.config-ssl-engine";

    private final Path dir;
    private final String password;

    private ThrowawayTls(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    static ThrowawayTls create() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new UsageException(
                    "--tls makes its stores with the JDK's keytool, and this Java has none: " + keytool);
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String pw = HexFormat.of().formatHex(secret);
        Path dir;
        try {
            dir = Files.createTempDirectory("simrt-bench-tls-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a temporary directory for the TLS stores: " + e, e);
        }
        ThrowawayTls tls = new ThrowawayTls(dir, pw);
        try {
            tls.run(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=simrt-bench-ca",
                    "-ext",
                    "bc:c",
                    "-validity",
                    "1",
                    "-keystore",
                    "ca.p12",
                    "-storepass",
                    pw);
            tls.run(
                    keytool,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    "ca.p12",
                    "-storepass",
                    pw,
                    "-file",
                    "ca.pem");
            tls.run(
                    keytool,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "simrt-bench-ca",
                    "-file",
                    "ca.pem",
                    "-keystore",
                    "truststore.p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    pw);
            tls.run(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "node",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=simrt-bench-node",
                    "-validity",
                    "1",
                    "-keystore",
                    "keystore.p12",
                    "-storepass",
                    pw);
            tls.run(
                    keytool,
                    "-certreq",
                    "-alias",
                    "node",
                    "-keystore",
                    "keystore.p12",
                    "-storepass",
                    pw,
                    "-file",
                    "node.csr");
            tls.run(
                    keytool,
                    "-gencert",
                    "-alias",
                    "ca",
                    "-keystore",
                    "ca.p12",
                    "-storepass",
                    pw,
                    "-infile",
                    "node.csr",
                    "-outfile",
                    "node.pem",
                    "-rfc",
                    "-validity",
                    "1",
                    "-ext",
                    "ku:c=digitalSignature",
                    "-ext",
                    "eku=serverAuth,clientAuth",
                    "-ext",
                    "san=dns:localhost,ip:127.0.0.1");
            Files.writeString(
                    dir.resolve("chain.pem"),
                    Files.readString(dir.resolve("node.pem")) + Files.readString(dir.resolve("ca.pem")));
            tls.run(
                    keytool,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "node",
                    "-file",
                    "chain.pem",
                    "-keystore",
                    "keystore.p12",
                    "-storepass",
                    pw);
            return tls;
        } catch (IOException | RuntimeException e) {
            tls.close();
            throw e instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("making the TLS stores failed: " + e, e);
        }
    }

    /** The {@code tls} profile on top of {@code local}, with these stores. */
    Config config() {
        return ConfigFactory.empty()
                .withValue("simrt.profile", ConfigValueFactory.fromAnyRef("local,tls"))
                .withValue(
                        SSL + ".key-store",
                        ConfigValueFactory.fromAnyRef(
                                dir.resolve("keystore.p12").toString()))
                .withValue(SSL + ".key-store-password", ConfigValueFactory.fromAnyRef(password))
                .withValue(
                        SSL + ".trust-store",
                        ConfigValueFactory.fromAnyRef(
                                dir.resolve("truststore.p12").toString()))
                .withValue(SSL + ".trust-store-password", ConfigValueFactory.fromAnyRef(password));
    }

    private void run(Path keytool, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out.replace(password, "***"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while making the TLS stores", e);
        }
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
