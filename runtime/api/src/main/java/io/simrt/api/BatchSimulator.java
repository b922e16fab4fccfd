package io.simrt.api;

import java.util.concurrent.CompletableFuture;

/**
 * Runs ABC batches of one installed model on a client's engines. Obtained from
 * {@link Client#simulator(io.simrt.models.abc.AbcModel)}.
 */
public interface BatchSimulator {

    /**
     * Starts one batch. The future completes with the batch's output, or exceptionally with a
     * {@link SimrtException}: {@link RemoteException} when the model threw, {@link EngineFailedException} when
     * no engine could run it, {@link SimrtTimeoutException} when the configured time ran out. Cancelling the
     * future withdraws the batch if it has not started.
     */
    CompletableFuture<BatchOutput> submit(BatchRequest request);

    /** How many batches may usefully run at once (ELFI's {@code num_cores}). */
    int parallelism();
}
