package io.simrt.api;

import io.simrt.models.abc.AbcModel;
import java.util.concurrent.CompletableFuture;

/**
 * ELFI's native client: every batch runs in the calling thread, inside {@code submit}. No actors, no threads;
 * the reference against which the parallel clients are checked.
 */
public final class NativeClient implements Client {
    /** The id reported as the engine in errors raised by user code. */
    public static final String ENGINE_ID = "native";

    private NativeClient() {}

    public static NativeClient create() {
        return new NativeClient();
    }

    @Override
    public ClientKind kind() {
        return ClientKind.NATIVE;
    }

    @Override
    public int engines() {
        return 1;
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public BatchSimulator simulator(AbcModel model) {
        return new BatchSimulator() {
            @Override
            public CompletableFuture<BatchOutput> submit(BatchRequest request) {
                try {
                    return CompletableFuture.completedFuture(BatchWork.run(model, request));
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(RemoteException.of(ENGINE_ID, e));
                }
            }

            @Override
            public int parallelism() {
                return 1;
            }
        };
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "NativeClient";
    }
}
