package io.simrt.runtime.protocol.bulk;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fetching side of a node's lane: every fetch runs on one {@link SelectorLoop} thread without blocking, so no
 * thread waits for a slow peer, and a hanging peer holds only its own connections.
 *
 * <p>Per peer at most {@code connectionsPerPeer} fetches run at once (more wait their turn) and finished connections
 * are kept for the next fetch, for up to half the idle timeout (the serving side closes them after the whole of
 * it). A kept connection the peer closed meanwhile is noticed when it is reused, and the fetch is tried once more
 * on a fresh one. A connection that makes no progress for {@code ioTimeout} (connecting, handshaking, waiting for
 * or receiving an answer) fails its fetch and is closed.
 */
final class LaneClient implements AutoCloseable {
    private final SelectorLoop loop;
    private final Optional<LaneTls> tls;
    private final long idleNanos;
    private final long ioNanos;
    private final int connectionsPerPeer;
    /** Loop thread only. */
    private final Map<String, Peer> peers = new HashMap<>();
    /** Where answers are read into before they go to their sink; loop thread only. */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(1 << 20);

    private boolean closed; // loop thread only
    /** Bytes of the arrays fetched whole; read by the node's metrics. */
    private final AtomicLong fetchedBytes = new AtomicLong();

    LaneClient(SelectorLoop loop, Optional<LaneTls> tls, long idleNanos, long ioNanos, int connectionsPerPeer) {
        this.loop = loop;
        this.tls = tls;
        this.idleNanos = idleNanos;
        this.ioNanos = ioNanos;
        this.connectionsPerPeer = connectionsPerPeer;
    }

    long fetchedBytes() {
        return fetchedBytes.get();
    }

    /**
     * Fetches the array {@code ref} names into {@code sink}; never blocks.
     *
     * @return completes when the sink holds the whole array, or exceptionally with an {@link IOException} that names
     *         the lane's address and what went wrong
     */
    CompletableFuture<Void> fetch(BulkReference ref, Sink sink) {
        if (sink.length() != ref.length()) {
            throw new IllegalArgumentException(
                    "a sink of " + sink.length() + " bytes for an array of " + ref.length() + " bytes");
        }
        Fetch f = new Fetch(ref, sink);
        if (ref.tls() && tls.isEmpty()) {
            f.fail(new IOException("the lane speaks TLS and this node has no TLS key material (no tls profile)"));
        } else if (!ref.tls() && tls.isPresent()) {
            f.fail(new IOException("the lane does not speak TLS, and this node fetches over TLS only"));
        } else {
            loop.execute(() -> {
                if (closed || !loop.isOpen()) {
                    f.fail(new IOException("the bulk lane was closed"));
                } else {
                    peers.computeIfAbsent(ref.where(), k -> new Peer(ref.host(), ref.port()))
                            .submit(f);
                }
            });
        }
        return f.done;
    }

    @Override
    public void close() {
        loop.execute(() -> {
            closed = true;
            for (Peer p : peers.values()) {
                while (!p.waiting.isEmpty()) {
                    p.waiting.poll().fail(new IOException("the bulk lane was closed"));
                }
                while (!p.idle.isEmpty()) {
                    p.idle.poll().close();
                }
            }
        });
        loop.close();
    }

    private static final class Fetch {
        final BulkReference ref;
        final Sink sink;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean retried;

        Fetch(BulkReference ref, Sink sink) {
            this.ref = ref;
            this.sink = sink;
        }

        void fail(IOException cause) {
            done.completeExceptionally(new IOException(
                    "cannot fetch a " + ref.length() + "-byte array from the bulk lane at " + ref.where() + ": "
                            + cause.getMessage(),
                    cause));
        }
    }

    /** One serving node: its kept connections, its running and waiting fetches; loop thread only. */
    private final class Peer {
        final String host;
        final int port;
        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final ArrayDeque<Fetch> waiting = new ArrayDeque<>();
        int active;

        Peer(String host, int port) {
            this.host = host;
            this.port = port;
        }

        void submit(Fetch f) {
            if (active >= connectionsPerPeer) {
                waiting.add(f);
            } else {
                start(f);
            }
        }

        void start(Fetch f) {
            if (closed) {
                f.fail(new IOException("the bulk lane was closed"));
                return;
            }
            active++;
            Connection c = idle.pollFirst();
            if (c == null) {
                try {
                    c = connect();
                } catch (IOException e) {
                    active--;
                    f.fail(e);
                    next();
                    return;
                }
            }
            c.begin(f);
        }

        /** {@code c} finished a fetch; kept for the next one when {@code reusable}. */
        void finished(Connection c, boolean reusable) {
            active--;
            if (reusable && !closed) {
                idle.addFirst(c);
            } else {
                c.close();
            }
            next();
        }

        void next() {
            if (!waiting.isEmpty() && active < connectionsPerPeer) {
                start(waiting.poll());
            } else if (active == 0 && idle.isEmpty() && waiting.isEmpty()) {
                peers.remove(host + ":" + port, this);
            }
        }

        private Connection connect() throws IOException {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new UnknownHostException("cannot resolve " + host);
            }
            SocketChannel ch = SocketChannel.open();
            try {
                ch.configureBlocking(false);
                ch.socket().setTcpNoDelay(true);
                ch.socket().setReceiveBufferSize(4 << 20);
                boolean connected = ch.connect(address);
                Transport t = tls.isPresent()
                        ? new TlsTransport(ch, tls.get().clientEngine(host, port))
                        : new PlainTransport(ch);
                Connection c = new Connection(this, t, connected);
                c.key = loop.register(ch, connected ? 0 : SelectionKey.OP_CONNECT, c);
                return c;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
    }

    private enum State {
        CONNECTING,
        SENDING,
        HEADER,
        BODY,
        IDLE
    }

    /** One connection to a peer's lane; loop thread only. */
    private final class Connection implements SelectorLoop.Handler {
        final Peer peer;
        final Transport t;
        final ByteBuffer request = ByteBuffer.allocate(Wire.REQUEST_BYTES);
        final ByteBuffer header = ByteBuffer.allocate(Long.BYTES);
        SelectionKey key;
        State state;
        Fetch fetch;
        boolean reused;
        boolean answerStarted;
        boolean closedAlready;
        long received;
        long lastProgress = System.nanoTime();

        Connection(Peer peer, Transport t, boolean connected) {
            this.peer = peer;
            this.t = t;
            this.state = connected ? State.SENDING : State.CONNECTING;
        }

        void begin(Fetch f) {
            fetch = f;
            reused = state == State.IDLE;
            answerStarted = false;
            received = 0;
            lastProgress = System.nanoTime();
            BlobId id = f.ref.id();
            request.clear().putInt(Wire.MAGIC).putLong(id.hi()).putLong(id.lo()).flip();
            header.clear();
            if (state == State.CONNECTING) {
                key.interestOps(SelectionKey.OP_CONNECT);
                return;
            }
            state = State.SENDING;
            try {
                step();
            } catch (IOException e) {
                end(e, false);
            }
        }

        @Override
        public void ready(SelectionKey k) throws IOException {
            switch (state) {
                case CONNECTING -> {
                    if (!t.channel().finishConnect()) {
                        return;
                    }
                    lastProgress = System.nanoTime();
                    state = State.SENDING;
                    step();
                }
                case IDLE -> {
                    // a kept connection has nothing to read: the peer closed it (or sent junk)
                    peer.idle.remove(this);
                    close();
                    peer.next();
                }
                default -> step();
            }
        }

        private void step() throws IOException {
            while (true) {
                switch (state) {
                    case SENDING -> {
                        int n = t.write(request);
                        if (request.hasRemaining() || !t.flush()) {
                            if (n == 0) {
                                block();
                                return;
                            }
                            progress();
                            continue;
                        }
                        progress();
                        state = State.HEADER;
                    }
                    case HEADER -> {
                        int n = t.read(header);
                        if (n < 0) {
                            throw new EOFException("connection closed before the answer came");
                        }
                        if (n == 0) {
                            block();
                            return;
                        }
                        progress();
                        answerStarted = true;
                        if (header.hasRemaining()) {
                            continue;
                        }
                        long length = header.flip().getLong();
                        if (length == Wire.MISSING) {
                            failFetch(
                                    new IOException("the lane no longer holds array " + fetch.ref.id()
                                            + " (fetched already, or older than simrt.bulk.ttl)"),
                                    true);
                            return;
                        }
                        if (length != fetch.ref.length()) {
                            failFetch(
                                    new IOException("the lane answered " + length + " bytes for array " + fetch.ref.id()
                                            + ", the reference said " + fetch.ref.length()),
                                    false);
                            return;
                        }
                        state = State.BODY;
                    }
                    case BODY -> {
                        long left = fetch.ref.length() - received;
                        if (left == 0) {
                            complete();
                            return;
                        }
                        scratch.clear().limit((int) Math.min(scratch.capacity(), left));
                        int n = t.read(scratch);
                        if (n < 0) {
                            throw new EOFException(
                                    "connection closed after " + received + " of " + fetch.ref.length() + " bytes");
                        }
                        if (n == 0) {
                            block();
                            return;
                        }
                        progress();
                        scratch.flip();
                        fetch.sink.put(scratch);
                        received += n;
                    }
                    default -> throw new IllegalStateException("no fetch in state " + state);
                }
            }
        }

        private void progress() {
            lastProgress = System.nanoTime();
        }

        private void block() {
            key.interestOps(t.waitingFor());
        }

        private void complete() {
            Fetch f = fetch;
            fetch = null;
            fetchedBytes.addAndGet(f.ref.length());
            state = State.IDLE;
            lastProgress = System.nanoTime();
            key.interestOps(SelectionKey.OP_READ);
            f.done.complete(null);
            peer.finished(this, true);
        }

        private void failFetch(IOException cause, boolean reusable) {
            Fetch f = fetch;
            fetch = null;
            state = State.IDLE;
            lastProgress = System.nanoTime();
            if (reusable) {
                key.interestOps(SelectionKey.OP_READ);
            }
            f.fail(cause);
            peer.finished(this, reusable);
        }

        @Override
        public boolean expired(long now) {
            return now - lastProgress > (state == State.IDLE ? idleNanos / 2 : ioNanos);
        }

        @Override
        public void end(IOException cause, boolean timedOut) {
            if (state == State.IDLE || fetch == null) {
                peer.idle.remove(this);
                close();
                peer.next();
                return;
            }
            String what = doing();
            Fetch f = fetch;
            fetch = null;
            if (!timedOut && reused && !answerStarted && !f.retried) {
                // a kept connection the peer had closed: once more on a fresh one
                f.retried = true;
                close();
                peer.active--;
                peer.start(f);
                return;
            }
            close();
            f.fail(
                    timedOut
                            ? new SocketTimeoutException("no progress for " + ioNanos / 1_000_000_000L + " s "
                                    + "(simrt.bulk.io-timeout) while " + what)
                            : cause);
            peer.finished(this, false);
        }

        private String doing() {
            return switch (state) {
                case CONNECTING -> "connecting";
                case SENDING -> t.midway() ? "handshaking or sending the request" : "sending the request";
                case HEADER -> "waiting for the answer";
                case BODY -> "receiving the array (" + received + " of " + fetch.ref.length() + " bytes)";
                case IDLE -> "idle";
            };
        }

        void close() {
            state = State.IDLE;
            if (closedAlready) {
                return;
            }
            closedAlready = true;
            if (key != null) {
                key.cancel();
            }
            t.close();
        }
    }
}
