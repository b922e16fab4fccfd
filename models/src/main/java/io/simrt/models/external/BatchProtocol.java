package io.simrt.models.external;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The frames of the batch protocol, all little-endian (docs/external-simulators.md has them byte by byte):
 *
 * <ul>
 *   <li>ready (worker, once at start): {@code "SIMRTRDY"}, u32 version;
 *   <li>request: {@code "SIMRTREQ"}, u32 version, u64 sequence, u64 seed, u32 rows, u32 cols, then
 *       {@code rows * cols} float64, row-major;
 *   <li>reply: {@code "SIMRTREP"}, u32 rows, u32 cols, then {@code rows * cols} float64, row-major.
 * </ul>
 */
final class BatchProtocol {
    static final int VERSION = 1;
    static final byte[] READY = "SIMRTRDY".getBytes(StandardCharsets.US_ASCII);
    static final byte[] REQUEST = "SIMRTREQ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] REPLY = "SIMRTREP".getBytes(StandardCharsets.US_ASCII);
    static final int REQUEST_HEADER = 36;
    static final int REPLY_HEADER = 16;

    private BatchProtocol() {}

    /** Reads the ready frame. */
    static void readReady(InputStream in) throws IOException {
        ByteBuffer h = read(in, 12, "the ready frame");
        checkMagic(h, READY, "ready frame");
        int version = h.getInt();
        if (version != VERSION) {
            throw new ProtocolException("the worker speaks version " + version + ", simrt speaks " + VERSION);
        }
    }

    /** Writes one request: header, then {@code params[from .. from + rows * cols)}; flushes. */
    static void writeRequest(OutputStream out, long sequence, long seed, double[] params, int from, int rows, int cols)
            throws IOException {
        int n = rows * cols;
        ByteBuffer b = ByteBuffer.allocate(REQUEST_HEADER + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(REQUEST)
                .putInt(VERSION)
                .putLong(sequence)
                .putLong(seed)
                .putInt(rows)
                .putInt(cols);
        b.asDoubleBuffer().put(params, from, n);
        out.write(b.array());
        out.flush();
    }

    /**
     * Reads one reply of exactly {@code rows x cols} into {@code out[from .. from + rows * cols)}.
     *
     * @throws ProtocolException on a wrong magic, a wrong shape, a short read or end of stream
     */
    static void readReply(InputStream in, int rows, int cols, double[] out, int from) throws IOException {
        ByteBuffer h = read(in, REPLY_HEADER, "a reply header");
        checkMagic(h, REPLY, "reply");
        int r = h.getInt();
        int c = h.getInt();
        if (r != rows || c != cols) {
            throw new ProtocolException("the reply is " + Integer.toUnsignedString(r) + " x "
                    + Integer.toUnsignedString(c) + ", the request needs " + rows + " x " + cols);
        }
        ByteBuffer data = read(in, 8 * rows * cols, "the reply's " + rows + " x " + cols + " values");
        data.asDoubleBuffer().get(out, from, rows * cols);
    }

    private static ByteBuffer read(InputStream in, int n, String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new ProtocolException(
                    (bytes.length == 0 ? "end of stream" : "short read (" + bytes.length + " of " + n + " bytes)")
                            + " where " + what + " was due");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkMagic(ByteBuffer b, byte[] magic, String what) throws ProtocolException {
        byte[] got = new byte[8];
        b.get(got);
        if (!Arrays.equals(got, magic)) {
            throw new ProtocolException("a " + what + " must start with " + new String(magic, StandardCharsets.US_ASCII)
                    + ", got bytes " + hex(got));
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte x : bytes) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
