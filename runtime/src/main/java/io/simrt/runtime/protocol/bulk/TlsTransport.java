package io.simrt.runtime.protocol.bulk;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A connection's bytes through an {@link SSLEngine}, driven without blocking: the handshake happens inside
 * {@link #read} and {@link #write} as it needs to, delegated tasks (certificate checks) run on the calling thread.
 *
 * <p>Buffers: {@code netIn} holds bytes from the socket not yet decrypted (write mode), {@code netOut} records not
 * yet sent (read mode), {@code appIn} decrypted bytes not yet handed out (read mode). A read into a destination
 * with room for a whole record decrypts straight into it.
 */
final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int NET_BUFFER = 64 * 1024;

    private final SocketChannel ch;
    private final SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;
    private int waiting = SelectionKey.OP_READ;
    private boolean inboundDone;

    TlsTransport(SocketChannel ch, SSLEngine engine) throws SSLException {
        this.ch = ch;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(Math.max(packet, NET_BUFFER));
        netOut = ByteBuffer.allocate(Math.max(4 * packet, NET_BUFFER)).flip();
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize())
                .flip();
        engine.beginHandshake();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.hasRemaining()) {
                return transfer(appIn, dst);
            }
            if (inboundDone) {
                return -1;
            }
            if (!flush()) {
                waiting = SelectionKey.OP_WRITE;
                return 0;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
                continue;
            }
            int produced = unwrap(dst);
            if (produced > 0) {
                return produced;
            }
            if (produced < 0) { // no whole record buffered: read more from the socket
                int n = ch.read(netIn);
                if (n < 0) {
                    endOfStream();
                } else if (n == 0) {
                    waiting = SelectionKey.OP_READ;
                    return 0;
                }
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int taken = 0;
        while (true) {
            if (!flush()) {
                waiting = SelectionKey.OP_WRITE;
                return taken;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                // the handshake waits for the peer; application data arriving meanwhile is kept in appIn
                if (inboundDone) {
                    throw new EOFException("the connection closed during the TLS handshake");
                }
                if (unwrap(null) < 0) {
                    int n = ch.read(netIn);
                    if (n < 0) {
                        endOfStream();
                        throw new EOFException("the connection closed during the TLS handshake");
                    }
                    if (n == 0) {
                        waiting = SelectionKey.OP_READ;
                        return taken;
                    }
                }
                continue;
            }
            if (!src.hasRemaining() && hs != HandshakeStatus.NEED_WRAP) {
                return taken;
            }
            taken += wrap(src);
        }
    }

    @Override
    public boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (ch.write(netOut) == 0) {
                waiting = SelectionKey.OP_WRITE;
                return false;
            }
        }
        return true;
    }

    @Override
    public int waitingFor() {
        return waiting;
    }

    @Override
    public boolean midway() {
        return engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                || netIn.position() > 0
                || netOut.hasRemaining()
                || appIn.hasRemaining();
    }

    @Override
    public SocketChannel channel() {
        return ch;
    }

    @Override
    public void close() {
        try {
            engine.closeOutbound();
            wrap(EMPTY); // close_notify, or the alert that ends a failed handshake
            flush();
        } catch (IOException | RuntimeException ignored) {
            // the peer may be gone already: closing anyway
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }

    /**
     * Decrypts one record from {@code netIn}: into {@code dst} when it has room for a whole record and nothing is
     * waiting in {@code appIn}, else into {@code appIn}.
     *
     * @return bytes decrypted into {@code dst}; 0 for progress of another kind (data in {@code appIn}, a handshake
     *         message, the peer's close_notify); -1 when {@code netIn} holds no whole record
     */
    private int unwrap(ByteBuffer dst) throws SSLException {
        boolean direct = dst != null && !appIn.hasRemaining() && dst.remaining() >= appIn.capacity();
        SSLEngineResult r;
        netIn.flip();
        try {
            if (direct) {
                r = engine.unwrap(netIn, dst);
            } else {
                appIn.compact();
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    appIn.flip();
                }
            }
        } finally {
            netIn.compact();
        }
        switch (r.getStatus()) {
            case OK:
                return direct ? r.bytesProduced() : 0;
            case CLOSED:
                inboundDone = true;
                return 0;
            case BUFFER_OVERFLOW:
                appIn = withRoom(appIn, engine.getSession().getApplicationBufferSize());
                return 0;
            case BUFFER_UNDERFLOW:
                int packet = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() - netIn.position() < packet) {
                    ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + packet);
                    netIn.flip();
                    bigger.put(netIn);
                    netIn = bigger;
                }
                return -1;
            default:
                throw new SSLException("unexpected TLS result " + r);
        }
    }

    /** Encrypts from {@code src} into {@code netOut} while a whole record still fits; returns the bytes taken. */
    private int wrap(ByteBuffer src) throws SSLException {
        int taken = 0;
        int packet = engine.getSession().getPacketBufferSize();
        netOut.compact();
        try {
            while (true) {
                SSLEngineResult r = engine.wrap(src, netOut);
                taken += r.bytesConsumed();
                switch (r.getStatus()) {
                    case OK:
                        if (!src.hasRemaining()
                                || r.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING
                                || netOut.remaining() < packet) {
                            return taken;
                        }
                        break;
                    case BUFFER_OVERFLOW:
                        if (netOut.position() > 0) {
                            return taken; // full: send first
                        }
                        netOut = ByteBuffer.allocate(packet);
                        break;
                    case CLOSED:
                        if (src.hasRemaining()) {
                            throw new SSLException("the TLS connection is closed");
                        }
                        return taken;
                    default:
                        throw new SSLException("unexpected TLS result " + r);
                }
            }
        } finally {
            netOut.flip();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void endOfStream() {
        inboundDone = true;
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // the peer closed without close_notify: for this protocol an end like any other
        }
    }

    /** {@code buf} (read mode) or a copy of it with at least {@code room} bytes free after its data. */
    private static ByteBuffer withRoom(ByteBuffer buf, int room) {
        if (buf.capacity() - buf.remaining() >= room) {
            return buf;
        }
        ByteBuffer bigger = ByteBuffer.allocate(buf.remaining() + room);
        bigger.put(buf).flip();
        return bigger;
    }

    private static int transfer(ByteBuffer src, ByteBuffer dst) {
        int n = Math.min(src.remaining(), dst.remaining());
        ByteBuffer part = src.duplicate();
        part.limit(part.position() + n);
        dst.put(part);
        src.position(src.position() + n);
        return n;
    }
}
