package io.simrt.runtime.protocol;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.Optional;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.serialization.jackson.JacksonSerializer;

/**
 * Pekko's Jackson CBOR serializer for {@link WireMessage}s (binding {@value BulkLane#BINDING}), except that a
 * message whose arrays wait in another node's bulk lane is not fetched here, on Artery's inbound thread: the
 * fetches are started on the lane's own thread and the message is handed on as a {@link BulkDelivery}. So one
 * slow or silent peer never holds up anything else that arrives at this node.
 */
public final class BulkCborSerializer extends JacksonSerializer {

    /** Pekko's constructor for serializers named in configuration. */
    public BulkCborSerializer(ExtendedActorSystem system, String bindingName) {
        super(
                system,
                bindingName,
                JacksonObjectMapperProvider.get(system).getOrCreate(bindingName, Optional.of(new CBORFactory())));
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        Object message;
        PendingArrays pending = PendingArrays.open();
        try {
            message = super.fromBinary(bytes, manifest);
        } finally {
            pending.close();
        }
        return pending.isEmpty() ? message : new BulkDelivery(message, pending.fetchAll());
    }
}
