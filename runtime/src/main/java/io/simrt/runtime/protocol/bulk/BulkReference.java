package io.simrt.runtime.protocol.bulk;

/**
 * Where an array that left its message waits: the sending node's lane at {@code host:port}, under {@code id}.
 *
 * @param host   the address the sending node's lane is reached at (its Artery canonical host name)
 * @param port   the lane's port
 * @param id     the array's name in that lane
 * @param length the array's size in bytes
 * @param tls    whether the lane speaks TLS (and so demands this node's certificate)
 */
public record BulkReference(String host, int port, BlobId id, int length, boolean tls) {
    public BulkReference {
        if (host == null || host.isEmpty() || port < 1 || port > 65535 || id == null || length < 0) {
            throw new IllegalArgumentException("a bulk reference lacks its address or length (host " + host + ", port "
                    + port + ", id " + id + ", length " + length + ")");
        }
    }

    /** {@code host:port}. */
    public String where() {
        return host + ":" + port;
    }
}
