package io.simrt.runtime.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk lane: byte arrays of at least {@link #threshold()} bytes (packed {@code double[]}s, large values) leave
 * the Artery message and travel over a plain TCP connection of their own.
 *
 * <p>Why: Artery frames a message through several copies (serializer output, envelope buffer, framing on the
 * receiving side, deserializer input) on its stream threads; on a 2-core machine that held 1M doubles to
 * 130-210 MB/s. Here the serializer writes a small reference in place of the bytes ({@code host:port}, a random
 * 128-bit id, the length) and keeps the array; the receiving side's deserializer fetches it over a pooled socket
 * straight into the array it returns. Nothing else about the message changes: it is still one Artery message,
 * ordered and delivered as before.
 *
 * <p>One lane per JVM, started by the first cluster node that starts in it ({@link #start}); until then, and when
 * disabled ({@code simrt.bulk.enabled = off}, or under TLS, which this lane does not speak), every array stays
 * inline. A stored array is handed out once and then dropped; one never fetched (its message was lost) is dropped
 * after {@code simrt.bulk.ttl}. Ids are drawn from {@link SecureRandom}: a reference is a capability, not a
 * guessable name.
 */
public final class BulkLane {
    private static final Logger LOG = LoggerFactory.getLogger(BulkLane.class);
    private static final int MAGIC = 0x53424C4B; // "SBLK"
    private static final long MISSING = -1L;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private static volatile Server server;

    private BulkLane() {}

    /**
     * Starts this JVM's lane, once; later calls (more nodes in this JVM) keep the first.
     *
     * @param host      the address other nodes reach this one at (Artery's canonical host name)
     * @param bindHost  the address to listen on
     * @param port      the port; 0 picks a free one
     * @param threshold arrays of at least this many bytes take the lane
     * @param ttl       how long an array nobody fetched is kept
     */
    public static synchronized void start(String host, String bindHost, int port, int threshold, Duration ttl) {
        if (server != null) {
            return;
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("simrt.bulk.threshold must be at least 1 byte, got " + threshold);
        }
        try {
            server = new Server(host, bindHost, port, threshold, ttl.toNanos());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot listen for bulk transfers on " + bindHost + ":" + port
                            + " (simrt.bulk.port; set simrt.bulk.enabled = off to send every array through Artery): "
                            + e.getMessage(),
                    e);
        }
        LOG.info(
                "bulk lane listening on {} (advertised {}:{}), arrays of {} bytes or more take it",
                server.socket.socket().getLocalSocketAddress(),
                host,
                server.port,
                threshold);
    }

    /** What a reference to an array in the lane adds to a message (a generous estimate). */
    public static final long REFERENCE_BYTES = 96L;

    /**
     * The {@link com.fasterxml.jackson.databind.cfg.ContextAttributes} key that turns the lane on for one
     * ActorSystem's serializer ({@link #enable}); a node with the lane off, or without it, writes every array inline.
     */
    static final String ATTRIBUTE = "simrt.bulk-lane";

    /** What an array of {@code length} bytes adds to a message where the lane takes arrays from {@code bulkThreshold}. */
    static long inlineBytes(int length, int bulkThreshold) {
        return length >= bulkThreshold ? REFERENCE_BYTES : length;
    }

    /**
     * This JVM's threshold: arrays of at least this many bytes take the lane.
     *
     * @throws IllegalStateException if the lane was not started
     */
    public static int threshold() {
        Server s = server;
        if (s == null) {
            throw new IllegalStateException("the bulk lane has not been started in this JVM");
        }
        return s.threshold;
    }

    /**
     * Turns the lane on for the serializer that uses {@code mapper} (one ActorSystem's jackson-cbor binding). Reading
     * needs nothing: any node reads a reference, so nodes with the lane on and off can talk to each other.
     */
    public static void enable(ObjectMapper mapper) {
        threshold(); // started first
        mapper.setDefaultAttributes(
                mapper.getSerializationConfig().getAttributes().withSharedAttribute(ATTRIBUTE, Boolean.TRUE));
    }

    /** Arrays stored and not yet fetched (for tests and status). */
    public static int pending() {
        Server s = server;
        return s == null ? 0 : s.blobs.size();
    }

    /**
     * Writes {@code bytes} inline as a binary value or, when large and the serializer has the lane on
     * ({@link #enable}), as a reference to them in this JVM's lane.
     */
    public static void write(JsonGenerator gen, byte[] bytes, SerializerProvider serializers) throws IOException {
        Server s = server;
        if (s == null || bytes.length < s.threshold || serializers.getAttribute(ATTRIBUTE) != Boolean.TRUE) {
            gen.writeBinary(bytes);
            return;
        }
        Id id = s.put(bytes);
        gen.writeStartObject();
        gen.writeStringField("bulk", s.host);
        gen.writeNumberField("port", s.port);
        gen.writeNumberField("hi", id.hi);
        gen.writeNumberField("lo", id.lo);
        gen.writeNumberField("n", bytes.length);
        gen.writeEndObject();
    }

    /** Whether the parser stands on a reference {@link #write} left (an object), rather than inline bytes. */
    public static boolean atReference(JsonParser p) {
        return p.currentToken() == JsonToken.START_OBJECT;
    }

    /** Reads what {@link #write} wrote: inline bytes, or a reference whose bytes are fetched now. */
    public static byte[] read(JsonParser p) throws IOException {
        if (!atReference(p)) {
            return p.getBinaryValue();
        }
        String host = null;
        int port = -1;
        long hi = 0;
        long lo = 0;
        int n = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "bulk" -> host = p.getText();
                case "port" -> port = p.getIntValue();
                case "hi" -> hi = p.getLongValue();
                case "lo" -> lo = p.getLongValue();
                case "n" -> n = p.getIntValue();
                default -> p.skipChildren();
            }
        }
        if (host == null || port < 0 || n < 0) {
            throw new IOException("a bulk reference lacks its address or length (host " + host + ", port " + port
                    + ", length " + n + ")");
        }
        return fetch(host, port, new Id(hi, lo), n);
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
            return read(p);
        }
    }

    // ---------------------------------------------------------------------------------------------- fetching
    //
    // Channels with whole-array reads and writes, not socket streams: streams move a heap array through the socket
    // in small chunks, and on this 2-core VM 8 MB then took 8-10 ms over loopback against 3-6 ms for a channel.

    private static final int REQUEST_BYTES = 4 + 8 + 8;
    /**
     * Arrays cross the socket in slices of this size: a channel copies a heap buffer through a temporary direct
     * buffer of the size it is handed, so whole 8 MB arrays were copied through 8 MB buffers (out of cache, and
     * again for each partial write); 1 MiB slices keep that copy in cache.
     */
    private static final int SLICE = 1 << 20;

    private static final Map<String, ConcurrentLinkedDeque<SocketChannel>> IDLE = new ConcurrentHashMap<>();
    /** Closes a fetch's channel when it overruns its time: a blocking channel read has no timeout of its own. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simrt-bulk-watchdog");
        t.setDaemon(true);
        return t;
    });

    static byte[] fetch(String host, int port, Id id, int n) throws IOException {
        String key = host + ":" + port;
        ConcurrentLinkedDeque<SocketChannel> idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        SocketChannel pooled = idle.pollFirst();
        if (pooled != null) {
            try {
                byte[] out = exchange(pooled, id, n, key);
                idle.offerFirst(pooled);
                return out;
            } catch (StaleConnection stale) {
                // the other side closed this idle connection before reading the request: try a fresh one
                closeQuietly(pooled);
            } catch (IOException e) {
                closeQuietly(pooled);
                throw new IOException(
                        "cannot fetch a " + n + "-byte array from the bulk lane at " + key + ": " + e.getMessage(), e);
            }
        }
        SocketChannel fresh = SocketChannel.open();
        try {
            fresh.socket().setTcpNoDelay(true);
            fresh.socket().setReceiveBufferSize(4 << 20);
            fresh.socket().connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            byte[] out = exchange(fresh, id, n, key);
            idle.offerFirst(fresh);
            return out;
        } catch (IOException e) {
            closeQuietly(fresh);
            throw new IOException(
                    "cannot fetch a " + n + "-byte array from the bulk lane at " + key + ": " + e.getMessage(), e);
        }
    }

    /** A pooled connection turned out closed before any of the answer arrived. */
    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("stale connection");
        }
    }

    private static byte[] exchange(SocketChannel ch, Id id, int n, String where) throws IOException {
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> closeQuietly(ch), READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        try {
            ByteBuffer request = ByteBuffer.allocate(REQUEST_BYTES)
                    .putInt(MAGIC)
                    .putLong(id.hi)
                    .putLong(id.lo)
                    .flip();
            try {
                while (request.hasRemaining()) {
                    ch.write(request);
                }
            } catch (IOException broken) {
                throw new StaleConnection();
            }
            ByteBuffer header = ByteBuffer.allocate(8);
            if (!readFully(ch, header)) {
                if (header.position() == 0) {
                    throw new StaleConnection();
                }
                throw new EOFException("connection closed in the middle of an answer");
            }
            long length = header.flip().getLong();
            if (length == MISSING) {
                throw new IOException("the bulk lane at " + where + " no longer holds array " + id
                        + " (fetched already, or older than simrt.bulk.ttl)");
            }
            if (length != n) {
                throw new IOException("the bulk lane at " + where + " answered " + length + " bytes for array " + id
                        + ", the reference said " + n);
            }
            byte[] bytes = new byte[n];
            for (int off = 0; off < n; off += SLICE) {
                if (!readFully(ch, ByteBuffer.wrap(bytes, off, Math.min(SLICE, n - off)))) {
                    throw new EOFException("the bulk lane at " + where + " closed before sending all " + n + " bytes");
                }
            }
            return bytes;
        } catch (AsynchronousCloseException timedOut) {
            throw new SocketTimeoutException(
                    "no answer from the bulk lane at " + where + " within " + READ_TIMEOUT_MS / 1000 + " s");
        } finally {
            watchdog.cancel(false);
        }
    }

    /** Fills {@code buf}; false if the connection ends first. */
    private static boolean readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a broken connection: nothing to do
        }
    }

    // ---------------------------------------------------------------------------------------------- serving

    record Id(long hi, long lo) {
        @Override
        public String toString() {
            return String.format("%016x%016x", hi, lo);
        }
    }

    private record Blob(byte[] bytes, long expiresAt) {}

    private static final class Server {
        final String host;
        final int threshold;
        final long ttlNanos;
        final ServerSocketChannel socket;
        final int port;
        final Map<Id, Blob> blobs = new ConcurrentHashMap<>();
        final SecureRandom random = new SecureRandom();
        final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

        Server(String host, String bindHost, int port, int threshold, long ttlNanos) throws IOException {
            this.host = host;
            this.threshold = threshold;
            this.ttlNanos = ttlNanos;
            this.socket = ServerSocketChannel.open();
            socket.socket().setReceiveBufferSize(4 << 20);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port), 64);
            this.port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
            Thread acceptor = new Thread(this::accept, "simrt-bulk-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        Id put(byte[] bytes) {
            long now = System.nanoTime();
            long last = lastSweep.get();
            if (now - last > ttlNanos / 4 && lastSweep.compareAndSet(last, now)) {
                sweep(now);
            }
            Id id = new Id(random.nextLong(), random.nextLong());
            blobs.put(id, new Blob(bytes, now + ttlNanos));
            return id;
        }

        private void sweep(long now) {
            int dropped = 0;
            for (Iterator<Blob> it = blobs.values().iterator(); it.hasNext(); ) {
                if (now - it.next().expiresAt > 0) {
                    it.remove();
                    dropped++;
                }
            }
            if (dropped > 0) {
                LOG.warn(
                        "bulk lane dropped {} arrays nobody fetched within simrt.bulk.ttl (their messages were lost)",
                        dropped);
            }
        }

        private void accept() {
            while (socket.isOpen()) {
                try {
                    SocketChannel ch = socket.accept();
                    ch.socket().setTcpNoDelay(true);
                    ch.socket().setSendBufferSize(4 << 20);
                    Thread t = new Thread(() -> serve(ch), "simrt-bulk-serve");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    if (socket.isOpen()) {
                        LOG.warn("bulk lane: accept failed: {}", e.toString());
                    }
                }
            }
        }

        private void serve(SocketChannel ch) {
            String peer = "?";
            try (ch) {
                peer = String.valueOf(ch.getRemoteAddress());
                ByteBuffer request = ByteBuffer.allocate(REQUEST_BYTES);
                ByteBuffer header = ByteBuffer.allocate(8);
                while (true) {
                    request.clear();
                    if (!readFully(ch, request)) {
                        return; // the fetching side closed its connection
                    }
                    request.flip();
                    if (request.getInt() != MAGIC) {
                        LOG.warn("bulk lane: {} sent something other than a fetch; connection closed", peer);
                        return;
                    }
                    Blob b = blobs.remove(new Id(request.getLong(), request.getLong()));
                    header.clear().putLong(b == null ? MISSING : b.bytes.length).flip();
                    while (header.hasRemaining()) {
                        ch.write(header);
                    }
                    for (int off = 0; b != null && off < b.bytes.length; off += SLICE) {
                        ByteBuffer slice = ByteBuffer.wrap(b.bytes, off, Math.min(SLICE, b.bytes.length - off));
                        while (slice.hasRemaining()) {
                            ch.write(slice);
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("bulk lane: connection from {} ended: {}", peer, e.toString());
            }
        }
    }
}
