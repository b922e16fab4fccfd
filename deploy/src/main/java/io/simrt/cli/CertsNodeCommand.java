package io.simrt.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;
import io.simrt.api.SimrtException;
import io.simrt.config.SettingsException;
import io.simrt.runtime.node.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simrt certs node NAME}: a key store for node NAME (EC P-256, key usage digitalSignature, extended key usage
 * serverAuth and clientAuth: every node is a TLS server and a TLS client), signed by the CA of {@code simrt certs
 * init}, in {@code DIR/NAME} together with the trust store: the directory a node reads from {@code SIMRT_TLS_DIR}.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Give node NAME a key store signed by the cluster CA in DIR (simrt certs init), with the JDK's keytool. "
                    + "DIR/NAME then holds keystore.p12, keystore.password, truststore.p12 and truststore.password: "
                    + "copy it to the node and point SIMRT_TLS_DIR at it. Prints the export line to use.",
        })
final class CertsNodeCommand implements Callable<Integer> {
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /** A host name: letters, digits, '-' and '.' between labels; also the node directory's name. */
    private static final Pattern NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    /** A subject alternative name: a host name, optionally under a wildcard (*.simrt.default.svc.cluster.local). */
    private static final Pattern DNS_SAN = Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String CA_VAR = "SIMRT_CERTS_CA_PASSWORD";
    private static final String KEY_VAR = "SIMRT_CERTS_KEY_PASSWORD";

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "The node's name: its certificate's CN and first subject alternative name, and the "
                    + "directory DIR/NAME. Letters, digits, '-' and '.'.")
    String name;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "The CA's directory (simrt certs init). Default: ./" + CertsDir.DEFAULT_DIR + ".")
    Path dir = Path.of(CertsDir.DEFAULT_DIR);

    @Option(
            names = "--san",
            split = ",",
            paramLabel = "HOST",
            description = "More names the certificate is valid for: host names, IP addresses, or a wildcard such as "
                    + "*.simrt.default.svc.cluster.local for every pod of a StatefulSet. Only checked once hostname "
                    + "verification is turned on.")
    List<String> sans = new ArrayList<>();

    @Option(names = "--days", paramLabel = "N", description = "How long the certificate is valid. Default: 365.")
    int days = 365;

    @Option(names = "--force", description = "Replace the key store already in DIR/NAME.")
    boolean force;

    @Override
    public Integer call() {
        if (!NAME.matcher(name).matches() || name.length() > 253) {
            throw new UsageException("NAME \"" + name + "\" may hold only letters, digits, '-' and '.' (a host name: "
                    + "it becomes the certificate's CN and the directory DIR/NAME)");
        }
        if (days < 1) {
            throw new UsageException("--days must be at least 1, got " + days);
        }
        Set<String> extensions = new LinkedHashSet<>();
        extensions.add(san(name));
        for (String s : sans) {
            if (!s.isBlank()) {
                extensions.add(san(s.trim()));
            }
        }
        Path ca = dir.toAbsolutePath().normalize();
        for (String f :
                List.of(CertsDir.CA_STORE, CertsDir.CA_PASSWORD, CertsDir.TRUST_STORE, CertsDir.TRUST_PASSWORD)) {
            if (!Files.isRegularFile(ca.resolve(f))) {
                throw new UsageException("no cluster CA in " + ca + " (" + f + " is missing): make one with simrt "
                        + "certs init --dir " + CertsDir.shellQuote(dir.toString()) + ", or name its --dir");
            }
        }
        String caPassword = CertsDir.readPassword(ca.resolve(CertsDir.CA_PASSWORD));
        X509Certificate caCert = caCertificate(ca, caPassword);
        Path target = ca.resolve(name);
        List<String> files =
                List.of(CertsDir.KEY_STORE, CertsDir.KEY_PASSWORD, CertsDir.TRUST_STORE, CertsDir.TRUST_PASSWORD);
        boolean created = CertsDir.prepare(target, files, force, "the stores of node " + name);
        String keyPassword = CertsDir.newPassword();
        try (CertsDir.Staging staging = CertsDir.Staging.in(target)) {
            Map<String, String> env = Map.of(CA_VAR, caPassword, KEY_VAR, keyPassword);
            Path csr = staging.file("node.csr");
            Path signed = staging.file("node.pem");
            Keytool.run(
                    staging.dir(),
                    env,
                    "-genkeypair",
                    "-alias",
                    CertsDir.NODE_ALIAS,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=" + name,
                    "-validity",
                    String.valueOf(days),
                    "-keystore",
                    CertsDir.KEY_STORE,
                    "-storetype",
                    "PKCS12",
                    "-storepass:env",
                    KEY_VAR);
            staging.ownerOnly(CertsDir.KEY_STORE);
            Keytool.run(
                    staging.dir(),
                    env,
                    "-certreq",
                    "-alias",
                    CertsDir.NODE_ALIAS,
                    "-keystore",
                    CertsDir.KEY_STORE,
                    "-storepass:env",
                    KEY_VAR,
                    "-file",
                    csr.toString());
            Keytool.run(
                    staging.dir(),
                    env,
                    "-gencert",
                    "-alias",
                    CertsDir.CA_ALIAS,
                    "-keystore",
                    ca.resolve(CertsDir.CA_STORE).toString(),
                    "-storepass:env",
                    CA_VAR,
                    "-infile",
                    csr.toString(),
                    "-outfile",
                    signed.toString(),
                    "-rfc",
                    "-validity",
                    String.valueOf(days),
                    "-ext",
                    "ku:c=digitalSignature",
                    "-ext",
                    "eku=serverAuth,clientAuth",
                    "-ext",
                    "san=" + String.join(",", extensions));
            // the signed certificate and the CA's make the key's chain (what keytool -importcert of a reply does)
            KeyStore keys = CertsDir.load(staging.file(CertsDir.KEY_STORE), keyPassword);
            try (InputStream in = Files.newInputStream(signed)) {
                Certificate own = CertificateFactory.getInstance("X.509").generateCertificate(in);
                Key key = keys.getKey(CertsDir.NODE_ALIAS, keyPassword.toCharArray());
                keys.setKeyEntry(CertsDir.NODE_ALIAS, key, keyPassword.toCharArray(), new Certificate[] {own, caCert});
            } catch (IOException | GeneralSecurityException e) {
                throw new SimrtException("cannot put the signed certificate into " + CertsDir.KEY_STORE + ": " + e, e);
            }
            staging.store(CertsDir.KEY_STORE, keys, keyPassword);
            staging.writeSecret(CertsDir.KEY_PASSWORD, keyPassword + "\n");
            copy(ca, staging, CertsDir.TRUST_STORE);
            copy(ca, staging, CertsDir.TRUST_PASSWORD);
            // open them as a node will, before they replace anything
            TlsSettings tls = asANodeWould(staging.dir());
            staging.install(files);
            print(target, tls, extensions);
        } catch (RuntimeException e) {
            if (created) {
                CertsDir.removeIfEmpty(target);
            }
            throw e;
        }
        return 0;
    }

    /** The CA certificate, after checking that the CA can still sign. */
    private static X509Certificate caCertificate(Path ca, String password) {
        X509Certificate cert;
        try {
            cert = (X509Certificate)
                    CertsDir.load(ca.resolve(CertsDir.CA_STORE), password).getCertificate(CertsDir.CA_ALIAS);
        } catch (GeneralSecurityException e) {
            throw new SimrtException(
                    "cannot read the CA certificate in " + ca.resolve(CertsDir.CA_STORE) + ": " + e, e);
        }
        if (cert == null) {
            throw new UsageException(ca.resolve(CertsDir.CA_STORE) + " has no key '" + CertsDir.CA_ALIAS
                    + "': it was not made by simrt certs init");
        }
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new UsageException("the cluster CA in " + ca + " is valid only from "
                    + cert.getNotBefore().toInstant() + " until "
                    + cert.getNotAfter().toInstant() + ": make a new one (docs/tls.md, Rotation)");
        }
        return cert;
    }

    /** {@code host} as a keytool subject alternative name: {@code ip:} for an IP address, else {@code dns:}. */
    private static String san(String host) {
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            try {
                // a literal: getByName does not look it up
                return "ip:" + InetAddress.getByName(host).getHostAddress();
            } catch (UnknownHostException e) {
                throw new UsageException("--san \"" + host + "\" is not an IP address");
            }
        }
        if (!DNS_SAN.matcher(host).matches() || host.length() > 253) {
            throw new UsageException("--san \"" + host + "\" is neither a host name (letters, digits, '-' and '.', "
                    + "optionally *. in front) nor an IP address");
        }
        return "dns:" + host;
    }

    private static void copy(Path from, CertsDir.Staging staging, String file) {
        try {
            Files.copy(from.resolve(file), staging.file(file));
            staging.ownerOnly(file);
        } catch (IOException e) {
            throw CertsDir.unwritable(staging.dir(), e);
        }
    }

    /** Opens the stores in {@code dir} the way a node with {@code SIMRT_TLS_DIR=dir} does. */
    private static TlsSettings asANodeWould(Path dir) {
        Config tls = ConfigFactory.parseResources("simrt-tls.conf")
                .withFallback(ConfigFactory.parseResources("simrt-node.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .withValue("simrt.tls.dir", ConfigValueFactory.fromAnyRef(dir.toString()))
                .resolve(ConfigResolveOptions.noSystem());
        try {
            return TlsSettings.from(TlsSettings.withPasswordFiles(tls))
                    .orElseThrow(() -> new SimrtException("simrt-tls.conf does not configure Pekko's TLS provider"));
        } catch (SettingsException e) {
            throw new SimrtException("the stores just made would not be accepted by a node: " + e.getMessage(), e);
        }
    }

    private void print(Path target, TlsSettings tls, Set<String> extensions) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "# Node certificate %s (%s), signed by the cluster CA, valid until %s, in %s%n",
                tls.subject(), String.join(", ", extensions), tls.notAfter(), target);
        out.println("# Copy that directory to the node (or mount it: simrt certs k8s-secret " + name
                + ") and start the node with");
        out.println("export SIMRT_TLS_DIR=" + CertsDir.shellQuote(target.toString()));
        out.flush();
    }
}
