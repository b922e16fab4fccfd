package io.simrt.runtime.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.protocol.bulk.BlobId;
import io.simrt.runtime.protocol.bulk.BulkReference;
import io.simrt.runtime.protocol.bulk.Lane;
import io.simrt.runtime.protocol.bulk.Sink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk lane on the wire: byte arrays of at least a node's threshold (packed {@code double[]}s, large values)
 * leave the Artery message, which carries a small reference instead ({@code host:port} of the sending node's
 * {@link Lane}, a random 128-bit id, the length, whether the lane speaks TLS); the receiving node fetches them over
 * a connection of their own.
 *
 * <p>Why: Artery frames a message through several copies (serializer output, envelope buffer, framing on the
 * receiving side, deserializer input) on its stream threads; on a 2-core machine that held 1M doubles to
 * 130-210 MB/s. Nothing else about the message changes: it is still one Artery message, ordered and delivered as
 * before; its arrays are fetched off Artery's threads ({@link BulkCborSerializer}) and the receiving actor gets the
 * message once they are in ({@link BulkArrivals}).
 *
 * <p>Each cluster node has a lane of its own, attached to its serializer by {@link #enable(ActorSystem, Lane)}; a
 * node without one writes every array inline, and any node reads a reference. This JVM may also have one shared
 * lane ({@link #start}), for tests and for ObjectMappers {@linkplain #enable(ObjectMapper) enabled} directly.
 */
public final class BulkLane {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLane.class);

    /** The serializer binding of {@link WireMessage}s (see the runtime's reference.conf). */
    public static final String BINDING = "simrt-cbor";

    /** What a reference to an array in the lane adds to a message (a generous estimate). */
    public static final long REFERENCE_BYTES = 128L;

    /**
     * The {@link com.fasterxml.jackson.databind.cfg.ContextAttributes} key under which an ObjectMapper holds its
     * node's {@link Lane}: written arrays go there, read references are fetched with it.
     */
    static final String ATTRIBUTE = "simrt.bulk-lane";

    private static Lane shared; // guarded by BulkLane.class
    private static Lane fetcher; // guarded by BulkLane.class

    private BulkLane() {}

    /**
     * Starts this JVM's shared lane, once; later calls keep the first. Its limits and timeouts are the
     * configuration's ({@code simrt.bulk}).
     *
     * @param host      the address other nodes reach this one at
     * @param bindHost  the address to listen on
     * @param port      the port; 0 picks a free one
     * @param threshold arrays of at least this many bytes take the lane
     * @param ttl       how long an array nobody fetched is kept
     */
    public static synchronized void start(String host, String bindHost, int port, int threshold, Duration ttl) {
        if (shared != null) {
            return;
        }
        SimrtSettings.Bulk d = SimrtSettings.load().bulk();
        shared = Lane.start(
                host,
                bindHost,
                new SimrtSettings.Bulk(
                        true,
                        threshold,
                        port,
                        ttl,
                        d.maxConnections(),
                        d.idleTimeout(),
                        d.ioTimeout(),
                        d.connectionsPerPeer()),
                Optional.empty());
        LOG.info(shared.describe());
    }

    /**
     * The shared lane's threshold: arrays of at least this many bytes take it.
     *
     * @throws IllegalStateException if it was not started
     */
    public static synchronized int threshold() {
        return sharedLane().threshold();
    }

    /** Arrays the shared lane holds and nobody fetched yet. */
    public static synchronized int pending() {
        return shared == null ? 0 : shared.pending();
    }

    private static synchronized Lane sharedLane() {
        if (shared == null) {
            throw new IllegalStateException("the bulk lane has not been started in this JVM");
        }
        return shared;
    }

    /** Turns the shared lane on for {@code mapper}: its large arrays go there. */
    public static void enable(ObjectMapper mapper) {
        enable(mapper, sharedLane());
    }

    /** Attaches {@code lane} to {@code mapper}: large arrays it writes go there, references it reads are fetched with it. */
    public static void enable(ObjectMapper mapper, Lane lane) {
        mapper.setDefaultAttributes(
                mapper.getSerializationConfig().getAttributes().withSharedAttribute(ATTRIBUTE, lane));
    }

    /**
     * Attaches {@code lane} to {@code system}'s serializer of wire messages; call it before anything is sent, so that
     * nothing is written inline while estimated as a reference.
     */
    public static void enable(ActorSystem<?> system, Lane lane) {
        enable(mapper(system), lane);
    }

    /** The lane attached to {@code system}'s serializer, if any. */
    public static Optional<Lane> of(ActorSystem<?> system) {
        return mapper(system).getSerializationConfig().getAttributes().getAttribute(ATTRIBUTE) instanceof Lane l
                ? Optional.of(l)
                : Optional.empty();
    }

    private static ObjectMapper mapper(ActorSystem<?> system) {
        return JacksonObjectMapperProvider.get(system).getOrCreate(BINDING, Optional.of(new CBORFactory()));
    }

    /** What an array of {@code length} bytes adds to a message where the lane takes arrays from {@code bulkThreshold}. */
    static long inlineBytes(int length, int bulkThreshold) {
        return length >= bulkThreshold ? REFERENCE_BYTES : length;
    }

    /**
     * Writes {@code bytes} inline as a binary value or, when large and the serializer has a lane that serves, as a
     * reference to them in that lane (which keeps {@code bytes}: they must not change afterwards).
     */
    public static void write(JsonGenerator gen, byte[] bytes, SerializerProvider serializers) throws IOException {
        if (!(serializers.getAttribute(ATTRIBUTE) instanceof Lane lane)
                || !lane.serves()
                || bytes.length < lane.threshold()) {
            gen.writeBinary(bytes);
            return;
        }
        BulkReference ref = lane.put(bytes);
        gen.writeStartObject();
        gen.writeStringField("bulk", ref.host());
        gen.writeNumberField("port", ref.port());
        gen.writeNumberField("hi", ref.id().hi());
        gen.writeNumberField("lo", ref.id().lo());
        gen.writeNumberField("n", ref.length());
        if (ref.tls()) {
            gen.writeBooleanField("tls", true);
        }
        gen.writeEndObject();
    }

    /** Whether the parser stands on a reference {@link #write} left (an object), rather than inline bytes. */
    public static boolean atReference(JsonParser p) {
        return p.currentToken() == JsonToken.START_OBJECT;
    }

    /** Reads the reference the parser stands on. */
    static BulkReference readReference(JsonParser p) throws IOException {
        String host = null;
        int port = -1;
        long hi = 0;
        long lo = 0;
        int n = -1;
        boolean tls = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "bulk" -> host = p.getText();
                case "port" -> port = p.getIntValue();
                case "hi" -> hi = p.getLongValue();
                case "lo" -> lo = p.getLongValue();
                case "n" -> n = p.getIntValue();
                case "tls" -> tls = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        try {
            return new BulkReference(host, port, new BlobId(hi, lo), n, tls);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Reads what {@link #write} wrote: inline bytes, or the array a reference names (see {@link #arrive}). */
    public static byte[] read(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!atReference(p)) {
            return p.getBinaryValue();
        }
        BulkReference ref = readReference(p);
        byte[] bytes = new byte[ref.length()];
        arrive(ref, Sink.of(bytes), ctxt);
        return bytes;
    }

    /**
     * Fills {@code sink} with the array {@code ref} names, using the reading mapper's lane (or this JVM's): later,
     * when a {@link BulkCborSerializer} is deserializing a message on this thread (it fetches once the message is
     * read, off this thread); else now, waiting for it.
     */
    static void arrive(BulkReference ref, Sink sink, DatabindContext ctxt) throws IOException {
        Lane lane = ctxt.getAttribute(ATTRIBUTE) instanceof Lane l ? l : fetcher();
        Optional<PendingArrays> pending = PendingArrays.current();
        if (pending.isPresent()) {
            pending.get().add(lane, ref, sink);
            return;
        }
        await(lane.fetch(ref, sink));
    }

    /** The shared lane, else a lane of this JVM that only fetches (plain TCP, the configuration's timeouts). */
    private static synchronized Lane fetcher() {
        if (shared != null) {
            return shared;
        }
        if (fetcher == null) {
            fetcher = Lane.fetchOnly(SimrtSettings.load().bulk(), Optional.empty());
        }
        return fetcher;
    }

    private static void await(CompletableFuture<Void> fetch) throws IOException {
        try {
            fetch.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException(c.getMessage(), c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fetch.cancel(false);
            throw new InterruptedIOException("interrupted while fetching an array from the bulk lane");
        }
    }

    /** Writes a {@code byte[]} field through {@link #write}. */
    public static final class Writer extends JsonSerializer<byte[]> {
        @Override
        public void serialize(byte[] value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            write(gen, value, serializers);
        }
    }

    /** Reads a {@code byte[]} field through {@link #read}. */
    public static final class Reader extends JsonDeserializer<byte[]> {
        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return read(p, ctxt);
        }
    }
}
