package io.simrt.runtime.protocol.bulk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of a node's lane: answers fetches from its {@link BlobStore}, on one {@link SelectorLoop}
 * thread, without blocking, whatever the number of connections.
 *
 * <p>Protocol, per connection and repeated: the client sends {@value Wire#REQUEST_BYTES} bytes ({@link
 * Wire#MAGIC}, the id's two longs); the server answers the array's length as a long ({@link Wire#MISSING} when it
 * holds no such array) and then its bytes. Under TLS the same bytes travel inside a mutually authenticated session.
 *
 * <p>Bounds: at most {@code maxConnections} are open. A new connection beyond that closes the oldest idle one (no
 * request in flight; pooled connections of other nodes, or junk) so that a real fetch always gets in, and is
 * itself closed at once when all are busy. An idle connection is closed after {@code idleTimeout}; one in the middle
 * of a handshake, a request or an answer that makes no progress for {@code ioTimeout} (a peer that stopped reading,
 * a client that sent half a request) is closed too.
 */
final class LaneServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LaneServer.class);
    /**
     * Arrays are written in slices of this size: a channel copies a heap buffer through a temporary direct buffer
     * of the size it is handed, and 1 MiB keeps that copy in cache.
     */
    private static final int SLICE = 1 << 20;
    /** How often a refusal is logged at most. */
    private static final long REFUSAL_LOG_NANOS = 10_000_000_000L;

    private final SelectorLoop loop;
    private final ServerSocketChannel socket;
    private final BlobStore store;
    private final Optional<LaneTls> tls;
    private final int maxConnections;
    private final long idleNanos;
    private final long ioNanos;
    private final int port;
    /** Open connections, oldest first; loop thread only. */
    private final LinkedHashSet<Connection> connections = new LinkedHashSet<>();

    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong servedBytes = new AtomicLong();
    /** {@code connections.size()}, for other threads. */
    private volatile int open;

    private long lastRefusalLog = System.nanoTime() - REFUSAL_LOG_NANOS;
    private long refusedAtLastLog;

    LaneServer(
            SelectorLoop loop,
            InetSocketAddress bind,
            BlobStore store,
            Optional<LaneTls> tls,
            int maxConnections,
            long idleNanos,
            long ioNanos)
            throws IOException {
        this.loop = loop;
        this.store = store;
        this.tls = tls;
        this.maxConnections = maxConnections;
        this.idleNanos = idleNanos;
        this.ioNanos = ioNanos;
        this.socket = ServerSocketChannel.open();
        try {
            socket.socket().setReceiveBufferSize(4 << 20);
            socket.bind(bind, 128);
            socket.configureBlocking(false);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        this.port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
        loop.execute(() -> {
            try {
                loop.register(socket, SelectionKey.OP_ACCEPT, new Acceptor());
            } catch (IOException e) {
                LOG.error("bulk lane: cannot accept connections on port {}: {}", port, e.toString());
            }
        });
    }

    int port() {
        return port;
    }

    String localAddress() {
        try {
            return String.valueOf(socket.getLocalAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    /** Connections refused because {@code maxConnections} were busy. */
    long refused() {
        return refused.get();
    }

    /** Arrays handed out. */
    long served() {
        return served.get();
    }

    long servedBytes() {
        return servedBytes.get();
    }

    /** Connections open now. */
    int openConnections() {
        return open;
    }

    @Override
    public void close() {
        loop.close(); // ends every connection and the acceptor
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }

    private final class Acceptor implements SelectorLoop.Handler {
        @Override
        public void ready(SelectionKey key) throws IOException {
            SocketChannel ch;
            while ((ch = socket.accept()) != null) {
                if (connections.size() >= maxConnections && !closeOldestIdle()) {
                    refuse(ch);
                    continue;
                }
                try {
                    ch.configureBlocking(false);
                    ch.socket().setTcpNoDelay(true);
                    ch.socket().setSendBufferSize(4 << 20);
                    Transport t =
                            tls.isPresent() ? new TlsTransport(ch, tls.get().serverEngine()) : new PlainTransport(ch);
                    Connection c = new Connection(t);
                    c.key = loop.register(ch, SelectionKey.OP_READ, c);
                    connections.add(c);
                    open = connections.size();
                } catch (IOException e) {
                    LOG.debug("bulk lane: cannot set up a connection: {}", e.toString());
                    ch.close();
                }
            }
        }

        @Override
        public boolean expired(long now) {
            return false;
        }

        @Override
        public void end(IOException cause, boolean timedOut) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
    }

    private boolean closeOldestIdle() {
        for (Connection c : connections) {
            if (c.idle()) {
                LOG.debug("bulk lane: {} connections open, closing the oldest idle one", connections.size());
                c.close();
                return true;
            }
        }
        return false;
    }

    private void refuse(SocketChannel ch) throws IOException {
        long n = refused.incrementAndGet(); // counted before the client can see the close
        ch.close();
        long now = System.nanoTime();
        if (now - lastRefusalLog >= REFUSAL_LOG_NANOS) {
            LOG.warn(
                    "bulk lane: refused {} connections since the last report: all {} (simrt.bulk.max-connections) are"
                            + " busy transferring",
                    n - refusedAtLastLog,
                    maxConnections);
            lastRefusalLog = now;
            refusedAtLastLog = n;
        }
    }

    /** One client's connection; loop thread only. */
    private final class Connection implements SelectorLoop.Handler {
        final Transport t;
        final ByteBuffer request = ByteBuffer.allocate(Wire.REQUEST_BYTES);
        final ByteBuffer header = ByteBuffer.allocate(Long.BYTES);
        SelectionKey key;
        boolean answering;
        byte[] blob;
        int sent;
        long lastProgress = System.nanoTime();

        Connection(Transport t) {
            this.t = t;
        }

        boolean idle() {
            return !answering && request.position() == 0 && !t.midway();
        }

        @Override
        public boolean expired(long now) {
            return now - lastProgress > (idle() ? idleNanos : ioNanos);
        }

        @Override
        public void ready(SelectionKey k) throws IOException {
            while (answering ? answer() : readRequest()) {
                // go on while there is progress: the next request may be waiting already
            }
            if (k.isValid()) {
                k.interestOps(t.waitingFor());
            }
        }

        /** False when blocked (or closed). */
        private boolean readRequest() throws IOException {
            int n = t.read(request);
            if (n < 0) {
                close(); // the client closed its connection
                return false;
            }
            if (request.hasRemaining()) {
                if (n == 0) {
                    return false;
                }
                lastProgress = System.nanoTime();
                return true; // try again: the rest may be there already
            }
            lastProgress = System.nanoTime();
            request.flip();
            if (request.getInt() != Wire.MAGIC) {
                LOG.warn("bulk lane: {} sent something other than a fetch; connection closed", peer());
                close();
                return false;
            }
            blob = store.take(new BlobId(request.getLong(), request.getLong()));
            if (blob != null) {
                served.incrementAndGet();
                servedBytes.addAndGet(blob.length);
            }
            request.clear();
            header.clear().putLong(blob == null ? Wire.MISSING : blob.length).flip();
            sent = 0;
            answering = true;
            return true;
        }

        /** False when blocked. */
        private boolean answer() throws IOException {
            int n;
            if (header.hasRemaining()) {
                n = t.write(header);
            } else if (blob != null && sent < blob.length) {
                n = t.write(ByteBuffer.wrap(blob, sent, Math.min(SLICE, blob.length - sent)));
                sent += n;
            } else if (t.flush()) {
                answering = false;
                blob = null;
                lastProgress = System.nanoTime();
                return true;
            } else {
                return false;
            }
            if (n > 0) {
                lastProgress = System.nanoTime();
                return true;
            }
            return false;
        }

        private void resetOnClose() {
            try {
                t.channel().socket().setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private String peer() {
            try {
                return String.valueOf(t.channel().getRemoteAddress());
            } catch (IOException e) {
                return "?";
            }
        }

        @Override
        public void end(IOException cause, boolean timedOut) {
            if (timedOut) {
                boolean idle = idle();
                LOG.debug(
                        "bulk lane: closing {} connection from {}",
                        idle ? "an idle" : "a stalled (simrt.bulk.io-timeout)",
                        peer());
                if (!idle) {
                    resetOnClose(); // a peer that stopped reading: drop what waits for it in the kernel too
                }
            } else if (cause != null
                    && !(cause.getMessage() != null && cause.getMessage().contains("closed"))) {
                LOG.debug("bulk lane: connection from {} ended: {}", peer(), cause.toString());
            }
            close();
        }

        void close() {
            connections.remove(this);
            open = connections.size();
            if (key != null) {
                key.cancel();
            }
            t.close();
        }
    }
}
