package io.simrt.runtime.metrics;

import java.nio.ByteBuffer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.remote.artery.RemoteInstrument;

/**
 * Counts the bytes of every Artery message this node sends and receives into its {@link NodeMetrics}
 * ({@code simrt_artery_bytes_total}); named in {@code pekko.remote.artery.advanced.instruments} (simrt-node.conf). It
 * writes no metadata into messages. Artery builds it while the actor system starts, so the metrics are looked up on
 * the first message.
 */
public final class ArteryInstrument extends RemoteInstrument {
    private final ExtendedActorSystem system;
    private volatile NodeMetrics metrics;

    /** The constructor Artery calls. */
    public ArteryInstrument(ExtendedActorSystem system) {
        this.system = system;
    }

    private NodeMetrics metrics() {
        NodeMetrics m = metrics;
        if (m == null) {
            m = NodeMetrics.get(system);
            metrics = m;
        }
        return m;
    }

    @Override
    public byte identifier() {
        return 17; // unique among a system's instruments (1..31); nothing is written under it
    }

    @Override
    public void remoteWriteMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {
        // no metadata
    }

    @Override
    public void remoteMessageSent(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
        metrics().arterySent(size);
    }

    @Override
    public void remoteReadMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {
        // no metadata
    }

    @Override
    public void remoteMessageReceived(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
        metrics().arteryReceived(size);
    }
}
