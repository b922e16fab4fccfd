package io.simrt.runtime.protocol.bulk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A connection's bytes as they are. */
final class PlainTransport implements Transport {
    private final SocketChannel ch;
    private int waiting = SelectionKey.OP_READ;

    PlainTransport(SocketChannel ch) {
        this.ch = ch;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = ch.read(dst);
        if (n == 0) {
            waiting = SelectionKey.OP_READ;
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = ch.write(src);
        if (src.hasRemaining()) {
            waiting = SelectionKey.OP_WRITE;
        }
        return n;
    }

    @Override
    public boolean flush() {
        return true;
    }

    @Override
    public int waitingFor() {
        return waiting;
    }

    @Override
    public boolean midway() {
        return false;
    }

    @Override
    public SocketChannel channel() {
        return ch;
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a connection: nothing to do
        }
    }
}
