package io.simrt.cli;

import io.simrt.api.SimrtException;
import io.simrt.runtime.node.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files {@code simrt certs} writes, and how it writes them: into a private directory next to their destination
 * first, moved into place only once all of them are complete, never over existing files unless forced. Keys and
 * passwords are readable by their owner only.
 *
 * <p>A CA directory ({@code simrt certs init}) holds {@value #CA_STORE} and {@value #CA_PASSWORD} (the CA's key),
 * {@value #CA_CERT} and the trust store with its password. A node directory ({@code simrt certs node NAME}, in the
 * CA directory under NAME) holds what a node reads from {@code SIMRT_TLS_DIR}: {@value #KEY_STORE},
 * {@value #KEY_PASSWORD}, {@value #TRUST_STORE}, {@value #TRUST_PASSWORD}.
 */
final class CertsDir {
    static final String CA_STORE = "ca.p12";
    static final String CA_PASSWORD = "ca.password";
    static final String CA_CERT = "ca.pem";
    static final String KEY_STORE = TlsSettings.KEY_STORE_FILE;
    static final String KEY_PASSWORD = "keystore" + TlsSettings.PASSWORD_SUFFIX;
    static final String TRUST_STORE = TlsSettings.TRUST_STORE_FILE;
    static final String TRUST_PASSWORD = "truststore" + TlsSettings.PASSWORD_SUFFIX;
    /** The key entry of the CA in {@value #CA_STORE}, and of a node in {@value #KEY_STORE}. */
    static final String CA_ALIAS = "ca";

    static final String NODE_ALIAS = "node";
    /** What --dir defaults to: a directory in the current one. */
    static final String DEFAULT_DIR = "simrt-tls";

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertsDir() {}

    /** A new password: 192 random bits, URL-safe Base64 (no characters a shell or YAML would treat specially). */
    static String newPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A random hexadecimal id of {@code bytes} bytes: tells one cluster's CA from another's. */
    static String newId(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder out = new StringBuilder();
        for (byte x : b) {
            out.append(String.format("%02x", x));
        }
        return out.toString();
    }

    /**
     * Creates {@code dir} (owner-only when it is new) and checks that none of {@code names} exists in it, unless
     * {@code force}.
     *
     * @return whether the directory was made now (and may be removed again by {@link #removeIfEmpty})
     * @throws UsageException when the directory cannot be made or written, or a file exists
     */
    static boolean prepare(Path dir, List<String> names, boolean force, String what) {
        boolean created = !Files.isDirectory(dir);
        try {
            if (created) {
                if (POSIX) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw unwritable(dir, e);
        }
        if (!Files.isWritable(dir)) {
            throw new UsageException("cannot write to " + dir + ": choose a --dir you may write to");
        }
        List<String> existing = new ArrayList<>();
        for (String name : names) {
            if (Files.exists(dir.resolve(name))) {
                existing.add(name);
            }
        }
        if (!existing.isEmpty() && !force) {
            throw new UsageException(dir + " already holds " + String.join(", ", existing) + ": refusing to overwrite "
                    + what + "; add --force to replace it, or choose another --dir");
        }
        return created;
    }

    /** Removes {@code dir} if it is empty: a directory made for files that were never written. */
    static void removeIfEmpty(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            if (files.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // not empty, or gone already: leave it
        }
    }

    static UsageException unwritable(Path dir, IOException e) {
        String why = e instanceof AccessDeniedException
                ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
        return new UsageException("cannot write to " + dir + " (" + why + "): choose a --dir you may write to");
    }

    /** Reads a password file as a node does: the whole file but a final line break. */
    static String readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static KeyStore load(Path store, String password) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new SimrtException("cannot open " + store + " with the password in its .password file: " + e, e);
        }
    }

    /** A new, empty PKCS12 store. */
    static KeyStore emptyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new SimrtException("this Java cannot make a PKCS12 store: " + e, e);
        }
    }

    /** {@code s} as one word for a POSIX shell: as it is when that is safe, else in single quotes. */
    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./:=,+@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** A certificate in PEM, as keytool -exportcert -rfc and openssl write it. */
    static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new SimrtException("cannot encode " + cert.getSubjectX500Principal() + ": " + e, e);
        }
    }

    /**
     * A private directory inside the destination where the files are made; {@link #install} moves them into the
     * destination, {@link #close} removes whatever is left (everything, when something failed on the way).
     */
    static final class Staging implements AutoCloseable {
        private final Path target;
        private final Path dir;

        private Staging(Path target, Path dir) {
            this.target = target;
            this.dir = dir;
        }

        static Staging in(Path target) {
            try {
                Path dir = POSIX
                        ? Files.createTempDirectory(
                                target, ".simrt-certs-", PosixFilePermissions.asFileAttribute(OWNER_DIR))
                        : Files.createTempDirectory(target, ".simrt-certs-");
                return new Staging(target, dir);
            } catch (IOException e) {
                throw unwritable(target, e);
            }
        }

        Path dir() {
            return dir;
        }

        Path file(String name) {
            return dir.resolve(name);
        }

        /** Writes {@code content} to a new file readable by its owner only. */
        void writeSecret(String name, String content) {
            write(name, content.getBytes(StandardCharsets.UTF_8), true);
        }

        void write(String name, byte[] content, boolean secret) {
            try (OutputStream out = Files.newOutputStream(create(name, secret))) {
                out.write(content);
            } catch (IOException e) {
                throw unwritable(dir, e);
            }
        }

        /** Writes {@code store} with {@code password} to a new owner-only file. */
        void store(String name, KeyStore store, String password) {
            try (OutputStream out = Files.newOutputStream(create(name, true))) {
                store.store(out, password.toCharArray());
            } catch (IOException e) {
                throw unwritable(dir, e);
            } catch (GeneralSecurityException e) {
                throw new SimrtException("cannot write " + name + ": " + e, e);
            }
        }

        private Path create(String name, boolean secret) throws IOException {
            Path p = dir.resolve(name);
            Files.deleteIfExists(p);
            FileAttribute<?>[] attrs = POSIX && secret
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                    : new FileAttribute<?>[0];
            return Files.createFile(p, attrs);
        }

        /** Makes a file keytool wrote readable by its owner only (keytool follows the umask). */
        void ownerOnly(String name) {
            if (POSIX) {
                try {
                    Files.setPosixFilePermissions(dir.resolve(name), OWNER_FILE);
                } catch (IOException e) {
                    throw unwritable(dir, e);
                }
            }
        }

        /** Moves {@code names} into the destination, replacing what is there (checked by {@link #prepare}). */
        void install(List<String> names) {
            for (String name : names) {
                try {
                    Files.move(
                            dir.resolve(name),
                            target.resolve(name),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw unwritable(target, e);
                }
            }
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a leftover private temporary directory; nothing else to do
            }
        }
    }
}
