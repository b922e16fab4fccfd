package io.simrt.runtime.protocol.bulk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection's bytes, plain or through TLS, over a socket channel in non-blocking mode: a call that cannot make
 * progress returns at once, and {@link #waitingFor()} says what to select for.
 */
interface Transport {

    /**
     * Reads into {@code dst}.
     *
     * @return bytes read; 0 when none can be read now; -1 at the end of the stream
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes from {@code src}.
     *
     * @return bytes taken from {@code src}, possibly 0; taken bytes may still wait in a buffer, see {@link #flush()}
     */
    int write(ByteBuffer src) throws IOException;

    /** Sends what {@link #write} took; true when nothing is left waiting. */
    boolean flush() throws IOException;

    /**
     * The selection key operation ({@code OP_READ} or {@code OP_WRITE}) the last call that made no progress waits
     * for.
     */
    int waitingFor();

    /** Whether the connection is in the middle of something (a TLS handshake, a partial record): not idle. */
    boolean midway();

    SocketChannel channel();

    /** Closes the connection (under TLS after a best-effort close_notify); never throws. */
    void close();
}
