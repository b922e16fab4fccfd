package io.simrt.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt certs init}: a private CA for one cluster. Its key (EC P-256) stays in {@code ca.p12}; the trust
 * store every node shares holds its certificate and nothing else, so exactly the holders of a certificate it signed
 * may join the cluster.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Make a private CA for one cluster, with the JDK's keytool: in DIR, ca.p12 and ca.password (the CA's key:"
                    + " keep them to yourself), ca.pem (its certificate), truststore.p12 and truststore.password"
                    + " (what every node trusts). Then give each node a key store: simrt certs node NAME."
        })
final class CertsInitCommand implements Callable<Integer> {
    private static final String PASSWORD_VAR = "SIMRT_CERTS_CA_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where to write the CA. Default: ./" + CertsDir.DEFAULT_DIR + ".")
    Path dir = Path.of(CertsDir.DEFAULT_DIR);

    @Option(
            names = "--days",
            paramLabel = "N",
            description = "How long the CA certificate is valid. Default: 3650 (ten years).")
    int days = 3650;

    @Option(names = "--force", description = "Replace a CA already in DIR (nodes it signed can no longer join).")
    boolean force;

    @Override
    public Integer call() throws KeyStoreException {
        if (days < 1) {
            throw new UsageException("--days must be at least 1, got " + days);
        }
        Path target = dir.toAbsolutePath().normalize();
        List<String> files = List.of(
                CertsDir.CA_STORE,
                CertsDir.CA_PASSWORD,
                CertsDir.CA_CERT,
                CertsDir.TRUST_STORE,
                CertsDir.TRUST_PASSWORD);
        boolean created =
                CertsDir.prepare(target, files, force, "its cluster CA (the nodes it signed could no longer join)");
        String id = CertsDir.newId(4);
        String caPassword = CertsDir.newPassword();
        String trustPassword = CertsDir.newPassword();
        X509Certificate ca;
        try (CertsDir.Staging staging = CertsDir.Staging.in(target)) {
            Keytool.run(
                    staging.dir(),
                    Map.of(PASSWORD_VAR, caPassword),
                    "-genkeypair",
                    "-alias",
                    CertsDir.CA_ALIAS,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=simrt-ca-" + id,
                    "-ext",
                    "bc:c=ca:true,pathlen:0",
                    "-ext",
                    "ku:c=keyCertSign,cRLSign",
                    "-validity",
                    String.valueOf(days),
                    "-keystore",
                    CertsDir.CA_STORE,
                    "-storetype",
                    "PKCS12",
                    "-storepass:env",
                    PASSWORD_VAR);
            staging.ownerOnly(CertsDir.CA_STORE);
            ca = (X509Certificate)
                    CertsDir.load(staging.file(CertsDir.CA_STORE), caPassword).getCertificate(CertsDir.CA_ALIAS);
            staging.write(CertsDir.CA_CERT, CertsDir.pem(ca).getBytes(StandardCharsets.US_ASCII), false);
            // a trusted-certificate entry: Java writes the trust mark the JDK's trust manager looks for (OpenSSL 3.0
            // does not); the alias names this CA, since during a change of CA a trust store holds two (docs/tls.md)
            KeyStore trust = CertsDir.emptyStore();
            trust.setCertificateEntry("simrt-ca-" + id, ca);
            staging.store(CertsDir.TRUST_STORE, trust, trustPassword);
            staging.writeSecret(CertsDir.CA_PASSWORD, caPassword + "\n");
            staging.writeSecret(CertsDir.TRUST_PASSWORD, trustPassword + "\n");
            staging.install(files);
        } catch (RuntimeException e) {
            if (created) {
                CertsDir.removeIfEmpty(target);
            }
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Cluster CA %s, valid until %s, in %s:%n",
                ca.getSubjectX500Principal().getName(), ca.getNotAfter().toInstant(), target);
        out.println("  ca.p12, ca.password                  the CA's key: keep them here, and to yourself;"
                + " they sign node certificates");
        out.println("  ca.pem                               the CA certificate");
        out.println("  truststore.p12, truststore.password  what every node trusts (simrt certs node copies them)");
        out.println("Next, once for every node (or once for all pods of a StatefulSet):");
        out.println("  java -jar simrt.jar certs node NAME --dir " + CertsDir.shellQuote(dir.toString())
                + " [--san host,...]");
        out.flush();
        return 0;
    }
}
