package io.simrt.runtime.code;

/**
 * A jar as coordinator and engine name it: by content.
 *
 * @param sha256 lower-case hex SHA-256 of the jar's bytes
 * @param name   where it came from, for messages ({@code sir.jar}, or a directory packed as a jar)
 * @param size   its length in bytes
 */
public record JarRef(String sha256, String name, long size) {
    public JarRef {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative jar size " + size);
        }
    }

    /** The first 12 hex digits, for messages. */
    public String shortHash() {
        return sha256.substring(0, 12);
    }

    @Override
    public String toString() {
        return name + " (" + size + " bytes, sha256 " + shortHash() + ")";
    }
}
