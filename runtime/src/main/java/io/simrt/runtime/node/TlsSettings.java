package io.simrt.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import io.simrt.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * Artery's TLS settings ({@value #PATH}), checked before a node starts.
 *
 * <p>Pekko's {@code ConfigSSLEngineProvider} opens its key and trust store only at the first connection, and when
 * they are wrong every handshake fails with a log line: the node would start and never join. {@link #from} opens
 * them at start instead, the way the provider will (key store of {@link KeyStore#getDefaultType()}, the JDK's
 * default key and trust manager), and fails with the key's full path and the environment variable to set.
 *
 * @param keyStore          this node's key store
 * @param trustStore        the CA certificates peers must be signed by
 * @param protocol          the one TLS version offered and accepted
 * @param enabledAlgorithms cipher suites
 * @param mutualAuth        whether the accepting side also demands a certificate
 * @param hostnameVerification whether the connecting side checks the peer's certificate against its host name
 * @param subject           subject of this node's certificate (the first private key entry)
 * @param notAfter          when that certificate expires
 */
public record TlsSettings(
        Path keyStore,
        Path trustStore,
        String protocol,
        List<String> enabledAlgorithms,
        boolean mutualAuth,
        boolean hostnameVerification,
        String subject,
        Instant notAfter) {

    /** The configuration of Pekko's provider. */
    public static final String PATH = "pekko.remote.artery.ssl.config-ssl-engine";

    /** This node's key store in a TLS directory ({@code simrt.tls.dir}, {@code SIMRT_TLS_DIR}). */
    public static final String KEY_STORE_FILE = "keystore.p12";
    /** The trust store in a TLS directory. */
    public static final String TRUST_STORE_FILE = "truststore.p12";
    /** What a password file's name ends with, in place of its store's {@code .p12}. */
    public static final String PASSWORD_SUFFIX = ".password";

    private static final String PROVIDER = "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider";
    private static final String HOW = " (see docs/tls.md)";
    /** How to make the stores, for a node that has none: one line with the commands and the variables. */
    private static final String MAKE = "This node runs Artery over TLS (the default of the profiles cluster and "
            + "kubernetes): make the stores with \"simrt certs init\" and \"simrt certs node NAME\", then set "
            + "SIMRT_TLS_DIR to the node's directory (or SIMRT_TLS_KEYSTORE, SIMRT_TLS_TRUSTSTORE, "
            + "SIMRT_TLS_KEYSTORE_PASSWORD and SIMRT_TLS_TRUSTSTORE_PASSWORD); in Kubernetes, create the Secret "
            + "simrt-tls (simrt certs k8s-secret) that the manifests mount at /etc/simrt/tls" + HOW;

    public TlsSettings {
        enabledAlgorithms = List.copyOf(enabledAlgorithms);
    }

    /**
     * The TLS settings of a node with {@code config}: empty when Artery does not use {@code tls-tcp}, or uses
     * another engine provider than Pekko's {@code ConfigSSLEngineProvider} (which then reads its own material).
     *
     * @throws SettingsException when a store is missing, unreadable or opened by a wrong password; when the key
     *         store has no private key, or its certificate is expired or not signed by a CA of the trust store;
     *         when the trust store has no certificate; when the protocol or a cipher suite is unknown, or no
     *         suite fits the protocol
     */
    public static Optional<TlsSettings> from(Config config) {
        try {
            if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))
                    || !PROVIDER.equals(config.getString("pekko.remote.artery.ssl.ssl-engine-provider"))) {
                return Optional.empty();
            }
            Config c = config.getConfig(PATH);
            Path keyStorePath = file(c, "key-store", "SIMRT_TLS_KEYSTORE", "this node's PKCS12 key store");
            Path trustStorePath = file(c, "trust-store", "SIMRT_TLS_TRUSTSTORE", "the PKCS12 trust store");
            char[] keyStorePassword = password(c, "key-store-password", "SIMRT_TLS_KEYSTORE_PASSWORD", keyStorePath);
            char[] keyPassword = password(c, "key-password", "SIMRT_TLS_KEYSTORE_PASSWORD", keyStorePath);
            char[] trustStorePassword =
                    password(c, "trust-store-password", "SIMRT_TLS_TRUSTSTORE_PASSWORD", trustStorePath);
            KeyStore keys = load(keyStorePath, "key-store", keyStorePassword, "SIMRT_TLS_KEYSTORE_PASSWORD");
            KeyStore trust = load(trustStorePath, "trust-store", trustStorePassword, "SIMRT_TLS_TRUSTSTORE_PASSWORD");

            List<String> keyAliases = aliases(keys, true);
            if (keyAliases.isEmpty()) {
                throw new SettingsException(PATH + ".key-store = \"" + keyStorePath + "\" holds no private key; it "
                        + "must hold this node's key with its certificate chain, not only certificates" + HOW);
            }
            if (aliases(trust, false).isEmpty()) {
                throw new SettingsException(PATH + ".trust-store = \"" + trustStorePath + "\" holds no trusted "
                        + "certificate; import the cluster's CA certificate" + HOW);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            try {
                kmf.init(keys, keyPassword);
            } catch (UnrecoverableKeyException e) {
                throw new SettingsException(
                        PATH + ".key-password does not unlock the private key in \"" + keyStorePath
                                + "\" (it follows key-store-password, SIMRT_TLS_KEYSTORE_PASSWORD)",
                        e);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            X509Certificate own = null;
            for (String alias : keyAliases) {
                X509Certificate cert = checkChain(keys, alias, keyStorePath, trust, trustStorePath);
                own = own == null ? cert : own;
            }

            String protocol = c.getString("protocol");
            List<String> algorithms = c.getStringList("enabled-algorithms");
            SSLContext context;
            try {
                context = SSLContext.getInstance(protocol);
            } catch (NoSuchAlgorithmException e) {
                throw new SettingsException(
                        PATH + ".protocol = \"" + protocol + "\": not a TLS version this JVM "
                                + "offers; use TLSv1.3 (or TLSv1.2)",
                        e);
            }
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            SSLEngine engine = context.createSSLEngine();
            if (!Arrays.asList(engine.getSupportedProtocols()).contains(protocol)) {
                throw new SettingsException(PATH + ".protocol = \"" + protocol + "\": not supported by this JVM's "
                        + "TLS engine (supported: " + String.join(", ", engine.getSupportedProtocols()) + ")");
            }
            checkAlgorithms(protocol, algorithms, Set.of(engine.getSupportedCipherSuites()));
            return Optional.of(new TlsSettings(
                    keyStorePath,
                    trustStorePath,
                    protocol,
                    algorithms,
                    c.getBoolean("require-mutual-authentication"),
                    c.getBoolean("hostname-verification"),
                    own.getSubjectX500Principal().getName(),
                    own.getNotAfter().toInstant()));
        } catch (ConfigException e) {
            throw new SettingsException("invalid TLS configuration: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SettingsException("TLS settings under " + PATH + " cannot be used: " + e, e);
        }
    }

    /** One line for the log: what this node presents and accepts. */
    public String describe() {
        return "Artery TLS " + protocol + " " + enabledAlgorithms + ", certificate " + subject + " valid until "
                + notAfter + ", key store " + keyStore + ", trust store " + trustStore + ", mutual authentication "
                + (mutualAuth ? "on" : "off") + ", hostname verification " + (hostnameVerification ? "on" : "off");
    }

    /**
     * {@code config} with every empty store password of Pekko's provider read from the store's password file, when
     * that file exists: {@code keystore.password} next to {@code keystore.p12} ({@link #passwordFile}), as
     * {@code simrt certs node} writes them. The key password follows the key store's. A password that is set (by
     * {@code SIMRT_TLS_KEYSTORE_PASSWORD}, say) wins over the file. Unchanged when Artery does not use TLS with
     * Pekko's provider.
     *
     * @throws SettingsException when a password file exists but cannot be read
     */
    public static Config withPasswordFiles(Config config) {
        try {
            if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))
                    || !PROVIDER.equals(config.getString("pekko.remote.artery.ssl.ssl-engine-provider"))) {
                return config;
            }
            Config c = config.getConfig(PATH);
            Config out = config;
            Optional<String> keys = fromFile(c, "key-store", "key-store-password");
            if (keys.isPresent()) {
                out = out.withValue(PATH + ".key-store-password", ConfigValueFactory.fromAnyRef(keys.get()));
                if (c.getString("key-password").isEmpty()) {
                    out = out.withValue(PATH + ".key-password", ConfigValueFactory.fromAnyRef(keys.get()));
                }
            }
            Optional<String> trust = fromFile(c, "trust-store", "trust-store-password");
            if (trust.isPresent()) {
                out = out.withValue(PATH + ".trust-store-password", ConfigValueFactory.fromAnyRef(trust.get()));
            }
            return out;
        } catch (ConfigException e) {
            throw new SettingsException("invalid TLS configuration: " + e.getMessage(), e);
        }
    }

    /**
     * The file that holds the password of {@code store}: in the same directory, named like the store with
     * {@value #PASSWORD_SUFFIX} in place of {@code .p12} or {@code .pfx} ({@code keystore.p12} -> {@code
     * keystore.password}), or appended to a name without either.
     */
    public static Path passwordFile(Path store) {
        String name = store.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".p12") || lower.endsWith(".pfx") ? name.substring(0, name.length() - 4) : name;
        return store.resolveSibling(base + PASSWORD_SUFFIX);
    }

    /** The password of store {@code storeKey} from its file, when {@code passwordKey} is empty and the file exists. */
    private static Optional<String> fromFile(Config c, String storeKey, String passwordKey) {
        String store = c.getString(storeKey);
        if (!c.getString(passwordKey).isEmpty() || store.isBlank()) {
            return Optional.empty();
        }
        Path file = passwordFile(Path.of(store));
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            // the whole file but a final line break, which editors and echo add
            String password = Files.readString(file).replaceFirst("\\R\\z", "");
            if (password.isEmpty()) {
                throw new SettingsException(PATH + "." + passwordKey + ": the password file \"" + file
                        + "\" is empty; write the store's password into it" + HOW);
            }
            return Optional.of(password);
        } catch (IOException e) {
            throw new SettingsException(
                    PATH + "." + passwordKey + ": cannot read the password file \"" + file + "\" (" + e
                            + "); make it readable by this process, or set the password in the environment" + HOW,
                    e);
        }
    }

    private static Path file(Config c, String key, String env, String what) {
        String value = c.getString(key);
        if (value.isBlank()) {
            throw new SettingsException(PATH + "." + key + " is empty: set " + env + " to " + what + HOW);
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            throw new SettingsException(PATH + "." + key + " = \"" + value + "\": no such file. " + MAKE);
        }
        if (!Files.isReadable(path)) {
            throw new SettingsException(PATH + "." + key + " = \"" + value + "\": not readable by this process");
        }
        return path;
    }

    private static char[] password(Config c, String key, String env, Path store) {
        String value = c.getString(key);
        if (value.isEmpty()) {
            throw new SettingsException(PATH + "." + key + " is empty: set " + env + ", or write the password to \""
                    + passwordFile(store) + "\" (simrt certs node writes both)" + HOW);
        }
        return value.toCharArray();
    }

    private static KeyStore load(Path path, String key, char[] password, String env) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new SettingsException(
                        PATH + "." + key + "-password does not open \"" + path + "\" (wrong " + env + ", or a wrong \""
                                + passwordFile(path) + "\"?)",
                        e);
            }
            throw new SettingsException(
                    PATH + "." + key + " = \"" + path + "\": not a readable PKCS12 key store: " + e.getMessage(), e);
        }
    }

    private static List<String> aliases(KeyStore store, boolean keys) throws GeneralSecurityException {
        List<String> out = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (keys ? store.isKeyEntry(alias) : store.isCertificateEntry(alias)) {
                out.add(alias);
            }
        }
        return out;
    }

    /**
     * The certificate of key entry {@code alias}, after checking that it is valid now and chains to a CA of the
     * trust store: peers share that trust store, so a certificate it does not accept would be refused by all.
     */
    private static X509Certificate checkChain(
            KeyStore keys, String alias, Path keyStorePath, KeyStore trust, Path trustStorePath)
            throws GeneralSecurityException {
        Certificate[] chain = keys.getCertificateChain(alias);
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
            throw new SettingsException(
                    PATH + ".key-store = \"" + keyStorePath + "\": key '" + alias + "' has no X.509 certificate chain");
        }
        X509Certificate own = (X509Certificate) chain[0];
        String name = "certificate '" + own.getSubjectX500Principal().getName() + "' (key '" + alias + "' in \""
                + keyStorePath + "\")";
        try {
            own.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new SettingsException(
                    PATH + ".key-store: " + name + " expired on "
                            + own.getNotAfter().toInstant() + "; issue a new one" + HOW,
                    e);
        } catch (CertificateNotYetValidException e) {
            throw new SettingsException(
                    PATH + ".key-store: " + name + " is not valid before "
                            + own.getNotBefore().toInstant() + "; check the clock or the certificate",
                    e);
        }
        List<X509Certificate> path = new ArrayList<>();
        for (Certificate c : chain) {
            X509Certificate x = (X509Certificate) c;
            // a self-signed certificate ends the chain: it can only be a trust anchor, never part of the path
            if (!x.getSubjectX500Principal().equals(x.getIssuerX500Principal())) {
                path.add(x);
            }
        }
        if (path.isEmpty()) {
            throw new SettingsException(PATH + ".key-store: " + name + " is self-signed; peers accept only "
                    + "certificates signed by a CA of their trust store" + HOW);
        }
        PKIXParameters params = new PKIXParameters(trust);
        params.setRevocationEnabled(false);
        try {
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (CertPathValidatorException e) {
            throw new SettingsException(
                    PATH + ".key-store: " + name + ", issued by '"
                            + own.getIssuerX500Principal().getName() + "', is not accepted by the trust store \""
                            + trustStorePath + "\" (" + e.getMessage()
                            + "); peers with the same trust store would refuse "
                            + "this node" + HOW,
                    e);
        }
        return own;
    }

    private static void checkAlgorithms(String protocol, List<String> algorithms, Set<String> supported) {
        if (algorithms.isEmpty()) {
            throw new SettingsException(PATH + ".enabled-algorithms is empty");
        }
        for (String a : algorithms) {
            if (!supported.contains(a)) {
                throw new SettingsException(
                        PATH + ".enabled-algorithms: \"" + a + "\" is not a cipher suite this " + "JVM supports");
            }
        }
        boolean tls13 = "TLSv1.3".equals(protocol);
        // TLS 1.3 suites (RFC 8446) name no key exchange: TLS_AES_128_GCM_SHA256; older ones do: TLS_ECDHE_..._WITH_...
        boolean fits = algorithms.stream().anyMatch(a -> !a.endsWith("_SCSV") && a.contains("_WITH_") != tls13);
        if (!fits) {
            throw new SettingsException(PATH + ".enabled-algorithms = " + algorithms + ": none can be used with "
                    + "protocol = \"" + protocol + "\""
                    + (tls13
                            ? "; TLS 1.3 suites look like TLS_AES_256_GCM_SHA384"
                            : "; TLS 1.2 suites look like TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
        }
    }

    /**
     * An {@link SSLContext} with the key and trust material of {@code config}'s {@value #PATH}, opened the way
     * {@link #from} checks them (and Pekko's provider opens them): for a node's other TLS connections, such as its
     * bulk lane, so that they present and accept exactly what Artery does.
     *
     * @throws SettingsException as {@link #from} does, for stores it cannot open
     */
    public static SSLContext sslContext(Config config) {
        try {
            Config c = config.getConfig(PATH);
            Path keyStorePath = file(c, "key-store", "SIMRT_TLS_KEYSTORE", "this node's PKCS12 key store");
            Path trustStorePath = file(c, "trust-store", "SIMRT_TLS_TRUSTSTORE", "the PKCS12 trust store");
            KeyStore keys = load(
                    keyStorePath,
                    "key-store",
                    password(c, "key-store-password", "SIMRT_TLS_KEYSTORE_PASSWORD", keyStorePath),
                    "SIMRT_TLS_KEYSTORE_PASSWORD");
            KeyStore trust = load(
                    trustStorePath,
                    "trust-store",
                    password(c, "trust-store-password", "SIMRT_TLS_TRUSTSTORE_PASSWORD", trustStorePath),
                    "SIMRT_TLS_TRUSTSTORE_PASSWORD");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password(c, "key-password", "SIMRT_TLS_KEYSTORE_PASSWORD", keyStorePath));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance(c.getString("protocol"));
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (ConfigException e) {
            throw new SettingsException("invalid TLS configuration: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new SettingsException("TLS settings under " + PATH + " cannot be used: " + e, e);
        }
    }
}
