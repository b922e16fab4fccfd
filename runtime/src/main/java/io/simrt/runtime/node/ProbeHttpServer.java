package io.simrt.runtime.node;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smallest HTTP/1.1 server probes need: {@code GET} and {@code HEAD}, one request per connection, answered with
 * {@code Connection: close}. Everything runs on one thread with a non-blocking selector, so no client, however slow,
 * occupies a thread: a request is answered as soon as its headers are in, whatever the other connections do.
 *
 * <p>Bounds: a connection must deliver its whole request head (at most {@value #MAX_HEAD} bytes) within
 * {@code readTimeout} of connecting, and take its answer within {@code readTimeout} too; it is closed when either time
 * runs out, however many bytes it trickles. At most {@code maxConnections} are open: a new connection beyond that
 * closes the oldest one still sending its request (a probe sends its request at once, so this only ever sheds idle or
 * slow clients), or is closed itself when all are already being answered.
 */
final class ProbeHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeHttpServer.class);
    /** The longest request line plus headers accepted; a probe sends about a hundred bytes. */
    static final int MAX_HEAD = 8 * 1024;
    /** How long a closing connection may send its last bytes before it is closed hard. */
    private static final long LINGER_NANOS = Duration.ofSeconds(1).toNanos();

    /** An answer: a status and a plain-text body. */
    record Response(int status, String body) {}

    /** Answers one request; called on the server's thread, so it must not block (return a stage instead). */
    interface Handler {
        CompletionStage<Response> handle(String path);
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Handler handler;
    private final long readTimeoutNanos;
    private final int maxConnections;
    private final Thread thread;
    /** Open connections in the order they were accepted (oldest first); touched only by the server's thread. */
    private final LinkedHashSet<Connection> connections = new LinkedHashSet<>();
    /** Work handed to the server's thread from others (answers that completed elsewhere). */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    private volatile boolean open = true;

    private ProbeHttpServer(
            ServerSocketChannel server, Selector selector, Handler handler, Duration readTimeout, int maxConnections) {
        this.server = server;
        this.selector = selector;
        this.handler = handler;
        this.readTimeoutNanos = readTimeout.toNanos();
        this.maxConnections = maxConnections;
        this.thread = new Thread(this::run, "simrt-health");
        thread.setDaemon(true);
    }

    /**
     * Listens on {@code address} and serves from a thread of its own.
     *
     * @throws IOException when the address cannot be bound
     */
    static ProbeHttpServer start(InetSocketAddress address, Handler handler, Duration readTimeout, int maxConnections)
            throws IOException {
        if (readTimeout.isNegative() || readTimeout.isZero() || maxConnections < 1) {
            throw new IllegalArgumentException(
                    "read timeout must be > 0 and max connections >= 1, got " + readTimeout + ", " + maxConnections);
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.bind(address, 64);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
        ProbeHttpServer s = new ProbeHttpServer(server, selector, handler, readTimeout, maxConnections);
        s.thread.start();
        return s;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --------------------------------------------------------------------------------------------- server thread

    private void run() {
        long tick = Math.max(10, Math.min(250, readTimeoutNanos / 4_000_000));
        try {
            while (open) {
                selector.select(tick);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        ((Connection) key.attachment()).ready(key);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                for (Connection c : new ArrayList<>(connections)) {
                    if (now - c.deadline > 0) {
                        c.close();
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                LOG.error("health endpoints stopped: {}", e.toString());
            }
        } finally {
            for (Connection c : new ArrayList<>(connections)) {
                c.close();
            }
            closeQuietly(server);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            if (connections.size() >= maxConnections && !shedOldestReader()) {
                closeQuietly(ch); // every open connection is being answered: this one tries again
                continue;
            }
            ch.configureBlocking(false);
            Connection c = new Connection(ch);
            connections.add(c);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
        }
    }

    /** Closes the oldest connection still sending its request; false if there is none. */
    private boolean shedOldestReader() {
        for (Connection c : connections) {
            if (c.state == State.READING) {
                LOG.debug(
                        "health endpoints: {} connections open, closing the oldest unfinished request", maxConnections);
                c.close();
                return true;
            }
        }
        return false;
    }

    private enum State {
        READING,
        ANSWERING,
        WRITING,
        CLOSING
    }

    /** One client connection; touched only by the server's thread. */
    private final class Connection {
        final SocketChannel ch;
        final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
        SelectionKey key;
        State state = State.READING;
        ByteBuffer out;
        boolean head;
        long deadline = System.nanoTime() + readTimeoutNanos;

        Connection(SocketChannel ch) {
            this.ch = ch;
        }

        void ready(SelectionKey k) {
            try {
                switch (state) {
                    case READING -> read();
                    case WRITING -> write();
                    case CLOSING -> drain();
                    case ANSWERING -> drain(); // bytes after the request head are not ours to read: discard them
                }
            } catch (IOException e) {
                close();
            }
        }

        private void read() throws IOException {
            int n = ch.read(in);
            if (n < 0) {
                close(); // gone before finishing its request
                return;
            }
            int end = headEnd(in);
            if (end >= 0) {
                String headText = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
                parse(headText);
            } else if (!in.hasRemaining()) {
                answer(new Response(431, "request head larger than " + MAX_HEAD + " bytes"));
            }
        }

        private void parse(String headText) {
            String line = headText.lines().findFirst().orElse("");
            String[] parts = line.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                answer(new Response(400, "not an HTTP/1.x request line"));
                return;
            }
            String method = parts[0];
            head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                answer(new Response(405, method + " is not allowed: GET or HEAD"));
                return;
            }
            String target = parts[1];
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            state = State.ANSWERING;
            deadline = System.nanoTime() + readTimeoutNanos;
            CompletionStage<Response> answer;
            try {
                answer = handler.handle(path);
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((r, e) -> {
                Response response = e == null ? r : new Response(500, "health check failed: " + e);
                if (Thread.currentThread() == thread) {
                    answer(response);
                } else {
                    tasks.add(() -> answer(response));
                    selector.wakeup();
                }
            });
        }

        void answer(Response r) {
            if (!ch.isOpen()) {
                return;
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            String headText = "HTTP/1.1 " + r.status() + " " + reason(r.status()) + "\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + (r.status() == 405 ? "Allow: GET, HEAD\r\n" : "")
                    + "Cache-Control: no-store\r\n"
                    + "Connection: close\r\n\r\n";
            byte[] h = headText.getBytes(StandardCharsets.ISO_8859_1);
            out = ByteBuffer.allocate(h.length + (head ? 0 : body.length));
            out.put(h);
            if (!head) {
                out.put(body);
            }
            out.flip();
            state = State.WRITING;
            deadline = System.nanoTime() + readTimeoutNanos;
            key.interestOps(SelectionKey.OP_WRITE);
            try {
                write();
            } catch (IOException e) {
                close();
            }
        }

        private void write() throws IOException {
            ch.write(out);
            if (out.hasRemaining()) {
                return;
            }
            // half-close and read what the client still sends until it closes, so that closing does not reset the
            // connection under an answer the client has not read yet
            ch.shutdownOutput();
            state = State.CLOSING;
            deadline = System.nanoTime() + Math.min(readTimeoutNanos, LINGER_NANOS);
            key.interestOps(SelectionKey.OP_READ);
        }

        private void drain() throws IOException {
            ByteBuffer sink = ByteBuffer.allocate(512);
            int n;
            while ((n = ch.read(sink)) > 0) {
                sink.clear();
            }
            if (n < 0) {
                if (state == State.CLOSING) {
                    close();
                } else {
                    key.interestOps(0); // the client half-closed after its request: fine, the answer is coming
                }
            }
        }

        void close() {
            connections.remove(this);
            if (key != null) {
                key.cancel();
            }
            closeQuietly(ch);
        }
    }

    /** The end of the request head (the index after its blank line) in {@code buf}'s written part, or -1. */
    static int headEnd(ByteBuffer buf) {
        byte[] a = buf.array();
        int n = buf.position();
        for (int i = 0; i < n; i++) {
            if (a[i] == '\n') {
                if (i + 1 < n && a[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < n && a[i + 1] == '\r' && a[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a connection that failed: nothing to do
        }
    }
}
