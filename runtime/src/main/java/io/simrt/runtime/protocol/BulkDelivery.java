package io.simrt.runtime.protocol;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * A message that arrived while some of its arrays were still in the sending node's bulk lane: what
 * {@link BulkCborSerializer} hands Artery instead of the message, so that Artery's thread never waits for a fetch.
 * The message's arrays fill once {@code arrived} completes; until then nobody may look at it. Actors that can
 * receive arrays are wrapped in {@link BulkArrivals#inOrder}, which hands them the message then, in order.
 *
 * @param message the deserialized message, its arrays still being fetched
 * @param arrived completes when all of them are in, or with the first failure
 */
public record BulkDelivery(Object message, CompletableFuture<Void> arrived)
        implements NoSerializationVerificationNeeded {

    boolean isDone() {
        return arrived.isDone();
    }

    /** Why the arrays did not arrive (once done), or empty if they did. */
    Optional<IOException> failure() {
        if (!arrived.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            arrived.join();
            return Optional.empty();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            return Optional.of(c instanceof IOException io ? io : new IOException(String.valueOf(c), c));
        } catch (RuntimeException e) {
            return Optional.of(new IOException(e.toString(), e));
        }
    }

    @Override
    public String toString() {
        return "BulkDelivery[" + message.getClass().getName() + (arrived.isDone() ? ", arrived]" : ", arriving]");
    }
}
