package io.simrt.api;

import io.simrt.models.ParameterException;
import java.util.Arrays;
import java.util.Locale;

/** ELFI's clients: where batches run. */
public enum ClientKind {
    /** In the calling thread, no actors: for debugging and as the reference result. */
    NATIVE,
    /** Engines in this JVM (the command line's default). */
    LOCAL,
    /** Engines on the members of an existing cluster, joined through seed nodes. */
    CLUSTER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ClientKind parse(String id) {
        for (ClientKind k : values()) {
            if (k.id().equalsIgnoreCase(id.trim())) {
                return k;
            }
        }
        throw ParameterException.of(
                "client",
                id,
                "must be one of "
                        + Arrays.toString(
                                Arrays.stream(values()).map(ClientKind::id).toArray()));
    }
}
