package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.node.TlsSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simrt certs}: a CA and a node's stores in two commands, with the JDK's keytool; stores a TLS node accepts,
 * keys and passwords for their owner only, no file overwritten without --force, and misuse refused in one line
 * with exit status 2. Whether nodes with these stores form a cluster, and keep out others, is ArteryPortAbuseIT's
 * and TlsClusterTest's to show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertsCommandTest {
    @TempDir
    static Path tmp;

    private Path ca;
    private CliRun init;
    private CliRun node;

    @BeforeAll
    void makeACaAndANode() {
        ca = tmp.resolve("tls");
        init = CliRun.of("certs", "init", "--dir", ca.toString());
        node = CliRun.of(
                "certs", "node", "node-a", "--dir", ca.toString(), "--san", "a.example.org,10.0.0.7,*.simrt.ns.svc");
    }

    @Test
    void initMakesACaAndTheTrustStore() throws Exception {
        assertEquals(0, init.status(), init.err());
        assertEquals("", init.err());
        try (Stream<Path> files = Files.list(ca)) {
            assertEquals(
                    List.of("ca.p12", "ca.password", "ca.pem", "node-a", "truststore.p12", "truststore.password"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing else, no staging directory left behind");
        }
        KeyStore caStore = load(ca.resolve("ca.p12"), ca.resolve("ca.password"));
        X509Certificate caCert = (X509Certificate) caStore.getCertificate("ca");
        assertTrue(caStore.isKeyEntry("ca"));
        assertTrue(caCert.getSubjectX500Principal().getName().matches("CN=simrt-ca-[0-9a-f]{8}"), caCert.toString());
        assertEquals(0, caCert.getBasicConstraints(), "a CA that signs node certificates only (pathlen 0)");
        assertTrue(caCert.getKeyUsage()[5], "keyCertSign");
        assertTrue(caCert.getPublicKey() instanceof ECPublicKey);
        assertTrue(caCert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(3640))));
        assertTrue(Files.readString(ca.resolve("ca.pem")).startsWith("-----BEGIN CERTIFICATE-----\n"));

        KeyStore trust = load(ca.resolve("truststore.p12"), ca.resolve("truststore.password"));
        List<String> aliases = java.util.Collections.list(trust.aliases());
        assertEquals(1, aliases.size(), "the cluster's CA and nothing else: " + aliases);
        assertTrue(trust.isCertificateEntry(aliases.get(0)), "a trusted certificate, as the JDK reads it");
        assertEquals(caCert, trust.getCertificate(aliases.get(0)));
        assertTrue(init.out().contains("certs node NAME --dir " + ca), init.out());
    }

    @Test
    void keysAndPasswordsAreTheOwnersOnly() throws Exception {
        for (Path p : List.of(
                ca.resolve("ca.p12"),
                ca.resolve("ca.password"),
                ca.resolve("truststore.password"),
                ca.resolve("node-a/keystore.p12"),
                ca.resolve("node-a/keystore.password"),
                ca.resolve("node-a/truststore.password"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        assertNotEquals(
                Files.readString(ca.resolve("ca.password")),
                Files.readString(ca.resolve("node-a/keystore.password")),
                "every store its own generated password");
        assertTrue(Files.readString(ca.resolve("ca.password")).strip().length() >= 32);
    }

    @Test
    void nodeMakesTheDirectoryANodeReadsFromSimrtTlsDir() throws Exception {
        assertEquals(0, node.status(), node.err());
        assertEquals("", node.err());
        Path dir = ca.resolve("node-a");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("keystore.p12", "keystore.password", "truststore.p12", "truststore.password"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        // the last line is the one to run; the others are shell comments, so eval "$(simrt certs node ...)" works
        List<String> lines = node.out().lines().toList();
        assertEquals("export SIMRT_TLS_DIR=" + dir, lines.get(lines.size() - 1), node.out());
        assertTrue(lines.subList(0, lines.size() - 1).stream().allMatch(l -> l.startsWith("# ")), node.out());

        KeyStore keys = load(dir.resolve("keystore.p12"), dir.resolve("keystore.password"));
        Certificate[] chain = keys.getCertificateChain("node");
        assertEquals(2, chain.length, "the node's certificate, then the CA's");
        X509Certificate own = (X509Certificate) chain[0];
        X509Certificate caCert = (X509Certificate)
                load(ca.resolve("ca.p12"), ca.resolve("ca.password")).getCertificate("ca");
        assertEquals(caCert, chain[1]);
        own.verify(caCert.getPublicKey());
        assertEquals("CN=node-a", own.getSubjectX500Principal().getName());
        assertTrue(own.getPublicKey() instanceof ECPublicKey);
        assertEquals(
                List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"),
                own.getExtendedKeyUsage(),
                "serverAuth and clientAuth: every node is a TLS server and a TLS client");
        assertTrue(own.getKeyUsage()[0], "digitalSignature");
        assertEquals(-1, own.getBasicConstraints(), "not a CA");
        Collection<List<?>> sans = own.getSubjectAlternativeNames();
        assertEquals(
                List.of(
                        List.of(2, "node-a"),
                        List.of(2, "a.example.org"),
                        List.of(7, "10.0.0.7"),
                        List.of(2, "*.simrt.ns.svc")),
                List.copyOf(sans));
        assertArrayEquals(
                Files.readAllBytes(ca.resolve("truststore.p12")), Files.readAllBytes(dir.resolve("truststore.p12")));

        // a TLS node with SIMRT_TLS_DIR (simrt.tls.dir) at this directory and nothing else accepts them
        Config tls = SimrtNode.config(
                NodeSpec.loopback(0),
                ConfigFactory.parseString("simrt.profile = \"local,tls\"\nsimrt.tls.dir = \"" + dir + "\""));
        Optional<TlsSettings> settings = TlsSettings.from(tls);
        assertEquals("CN=node-a", settings.orElseThrow().subject());
    }

    @Test
    void nothingIsOverwrittenWithoutForce() throws Exception {
        Path other = tmp.resolve("again");
        assertEquals(0, CliRun.of("certs", "init", "--dir", other.toString()).status());
        byte[] before = Files.readAllBytes(other.resolve("ca.p12"));
        CliRun again = CliRun.of("certs", "init", "--dir", other.toString());
        assertEquals(2, again.status());
        assertEquals(
                "simrt certs init: " + other + " already holds ca.p12, ca.password, ca.pem, truststore.p12, "
                        + "truststore.password: refusing to overwrite its cluster CA (the nodes it signed could no "
                        + "longer join); add --force to replace it, or choose another --dir\n",
                again.err());
        assertArrayEquals(before, Files.readAllBytes(other.resolve("ca.p12")));
        assertEquals("", again.out());

        assertEquals(
                0, CliRun.of("certs", "node", "n1", "--dir", other.toString()).status());
        CliRun nodeAgain = CliRun.of("certs", "node", "n1", "--dir", other.toString());
        assertEquals(2, nodeAgain.status());
        assertTrue(
                nodeAgain.err().contains("refusing to overwrite the stores of node n1; add --force"), nodeAgain.err());

        byte[] key = Files.readAllBytes(other.resolve("n1/keystore.p12"));
        assertEquals(
                0,
                CliRun.of("certs", "node", "n1", "--dir", other.toString(), "--force")
                        .status());
        assertFalse(java.util.Arrays.equals(key, Files.readAllBytes(other.resolve("n1/keystore.p12"))), "replaced");
        assertEquals(
                0,
                CliRun.of("certs", "init", "--dir", other.toString(), "--force").status());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(other.resolve("ca.p12"))), "a new CA");
    }

    @Test
    void misuseIsOneLineAndExitStatusTwo() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        for (Object[] c : new Object[][] {
            {new String[] {"certs"}, "simrt certs: name what to make: init, node NAME or k8s-secret NAME"},
            {new String[] {"certs", "node", "n1", "--dir", tmp.resolve("no-ca").toString()}, "no cluster CA in "},
            {new String[] {"certs", "node", "bad name", "--dir", ca.toString()}, "NAME \"bad name\" may hold only"},
            {new String[] {"certs", "node", "../escape", "--dir", ca.toString()}, "NAME \"../escape\" may hold only"},
            {new String[] {"certs", "node", "n2", "--dir", ca.toString(), "--san", "a b"}, "--san \"a b\" is neither"},
            {new String[] {"certs", "node", "n3", "--dir", ca.toString(), "--days", "0"}, "--days must be at least 1"},
            {new String[] {"certs", "init", "--dir", file.resolve("sub").toString()}, "cannot write to " + file},
            {new String[] {"certs", "k8s-secret", "nobody", "--dir", ca.toString()}, "has no keystore.p12: make it"},
            {new String[] {"certs", "k8s-secret", "node-a", "--dir", ca.toString(), "--name", "Bad_Name"}, "--name"},
            {new String[] {"certs", "init", "--dayz", "3"}, "Unknown options: '--dayz'"},
        }) {
            String[] args = (String[]) c[0];
            CliRun r = CliRun.of(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains((String) c[1]), String.join(" ", args) + ": " + r.err());
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(ca.resolve("n2")) || Files.exists(ca.resolve("n3")), "nothing left by a refusal");
    }

    @Test
    void k8sSecretCarriesTheNodesFourFiles() throws Exception {
        CliRun r = CliRun.of("certs", "k8s-secret", "node-a", "--dir", ca.toString(), "--namespace", "sim");
        assertEquals(0, r.status(), r.err());
        String yaml = r.out();
        assertTrue(yaml.contains("kind: Secret\nmetadata:\n  name: simrt-tls\n  namespace: sim\n"), yaml);
        for (String f : List.of("keystore.p12", "keystore.password", "truststore.p12", "truststore.password")) {
            String line = yaml.lines()
                    .filter(l -> l.startsWith("  " + f + ": "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + f + " in\n" + yaml));
            assertArrayEquals(
                    Files.readAllBytes(ca.resolve("node-a").resolve(f)),
                    Base64.getDecoder().decode(line.substring(line.indexOf(": ") + 2)),
                    f);
        }
    }

    private static KeyStore load(Path store, Path passwordFile) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, Files.readString(passwordFile).strip().toCharArray());
        }
        return ks;
    }
}
