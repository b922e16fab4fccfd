package io.simrt.api;

import io.simrt.models.abc.AbcModel;

/**
 * Where inference work runs: the calling thread ({@link ClientKind#NATIVE}), engines in this JVM
 * ({@link ClientKind#LOCAL}) or engines on a cluster ({@link ClientKind#CLUSTER}). An inference object keeps
 * the client it was built with; to run elsewhere, build a new inference object with another client.
 *
 * <p>Results never depend on the client: batches carry their own random streams.
 */
public interface Client extends AutoCloseable {

    ClientKind kind();

    /** Number of engines work is spread over (1 for the native client). */
    int engines();

    /** Default bound on batches in flight (ELFI's {@code num_cores}); at least 1. */
    int parallelism();

    /** Installs {@code model} where batches run (once per model) and returns a handle to run its batches. */
    BatchSimulator simulator(AbcModel model);

    /** Releases engines and stops whatever this client started. Idempotent. */
    @Override
    void close();
}
