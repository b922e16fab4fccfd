package io.simrt.runtime.coordinator;

import io.simrt.api.SimrtException;
import java.util.Map;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/** How a request ends: once, with its answer or with a typed failure. Local only. */
public sealed interface RequestReply extends NoSerializationVerificationNeeded {
    long requestId();

    /**
     * @param engineNanos compute time per engine id, summed over the request's shards
     */
    record Done(long requestId, Object value, int shards, Map<String, Long> engineNanos) implements RequestReply {}

    record Failed(long requestId, SimrtException error) implements RequestReply {}
}
