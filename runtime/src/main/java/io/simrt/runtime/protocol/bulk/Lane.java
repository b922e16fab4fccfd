package io.simrt.runtime.protocol.bulk;

import io.simrt.config.SimrtSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One node's bulk lane: the arrays it holds for others to fetch (its {@link LaneServer}, when it serves) and its
 * fetches from other nodes' lanes ({@link LaneClient}). Two threads in all, whatever the traffic: one serves, one
 * fetches, neither ever blocks on a peer. With TLS both sides use the node's own key and trust material and
 * authenticate each other.
 */
public final class Lane implements AutoCloseable {
    private final String host;
    private final int threshold;
    private final Optional<LaneTls> tls;
    private final BlobStore store;
    private final LaneServer server; // null when this lane only fetches
    private final LaneClient client;
    private final SimrtSettings.Bulk settings;

    private Lane(
            String host,
            SimrtSettings.Bulk settings,
            Optional<LaneTls> tls,
            BlobStore store,
            LaneServer server,
            LaneClient client) {
        this.host = host;
        this.settings = settings;
        this.threshold = server == null ? Integer.MAX_VALUE : settings.threshold();
        this.tls = tls;
        this.store = store;
        this.server = server;
        this.client = client;
    }

    /**
     * Starts a lane that serves arrays of at least {@code settings.threshold()} bytes and fetches.
     *
     * @param host     the address other nodes reach this one at (Artery's canonical host name)
     * @param bindHost the address to listen on
     * @throws IllegalStateException naming the address and the setting when the port cannot be bound
     */
    public static Lane start(String host, String bindHost, SimrtSettings.Bulk settings, Optional<LaneTls> tls) {
        if (settings.threshold() < 1) {
            throw new IllegalArgumentException(
                    "simrt.bulk.threshold must be at least 1 byte, got " + settings.threshold());
        }
        LaneClient client = client(settings, tls);
        SelectorLoop loop = null;
        try {
            loop = new SelectorLoop("simrt-bulk-serve", tick(settings));
            BlobStore store = new BlobStore(settings.ttl());
            LaneServer server = new LaneServer(
                    loop,
                    new InetSocketAddress(InetAddress.getByName(bindHost), settings.port()),
                    store,
                    tls,
                    settings.maxConnections(),
                    settings.idleTimeout().toNanos(),
                    settings.ioTimeout().toNanos());
            return new Lane(host, settings, tls, store, server, client);
        } catch (IOException e) {
            client.close();
            if (loop != null) {
                loop.close();
            }
            throw new IllegalStateException(
                    "cannot listen for bulk transfers on " + bindHost + ":" + settings.port()
                            + " (simrt.bulk.port; set simrt.bulk.enabled = off to send every array through Artery): "
                            + e.getMessage(),
                    e);
        }
    }

    /** A lane that only fetches (a node with {@code simrt.bulk.enabled = off} still reads what others send). */
    public static Lane fetchOnly(SimrtSettings.Bulk settings, Optional<LaneTls> tls) {
        return new Lane("", settings, tls, null, null, client(settings, tls));
    }

    private static LaneClient client(SimrtSettings.Bulk settings, Optional<LaneTls> tls) {
        try {
            return new LaneClient(
                    new SelectorLoop("simrt-bulk-fetch", tick(settings)),
                    tls,
                    settings.idleTimeout().toNanos(),
                    settings.ioTimeout().toNanos(),
                    settings.connectionsPerPeer());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the bulk lane's fetching thread: " + e.getMessage(), e);
        }
    }

    /** How often timeouts are checked: a quarter of the shortest, between 10 and 250 ms. */
    private static Duration tick(SimrtSettings.Bulk s) {
        long shortest = Math.min(s.idleTimeout().toMillis() / 2, s.ioTimeout().toMillis());
        return Duration.ofMillis(Math.max(10, Math.min(250, shortest / 4)));
    }

    /** Whether this lane holds arrays for others (else it only fetches). */
    public boolean serves() {
        return server != null;
    }

    /** Arrays of at least this many bytes take the lane; {@link Integer#MAX_VALUE} when it only fetches. */
    public int threshold() {
        return threshold;
    }

    /** The port it serves on. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("this bulk lane only fetches");
        }
        return server.port();
    }

    public boolean tls() {
        return tls.isPresent();
    }

    /** Arrays stored and not yet fetched. */
    public int pending() {
        return store == null ? 0 : store.size();
    }

    /** Arrays handed out to fetching nodes since start. */
    public long served() {
        return server == null ? 0 : server.served();
    }

    /** Bytes of the arrays handed out since start. */
    public long servedBytes() {
        return server == null ? 0 : server.servedBytes();
    }

    /** Bytes of the arrays fetched from other nodes since start. */
    public long fetchedBytes() {
        return client.fetchedBytes();
    }

    /** Connections the lane serves now (idle ones included). */
    public int openConnections() {
        return server == null ? 0 : server.openConnections();
    }

    /** Connections refused since start because all {@code simrt.bulk.max-connections} were busy. */
    public long refusedConnections() {
        return server == null ? 0 : server.refused();
    }

    /**
     * Holds {@code bytes} (which must not change afterwards) until one fetch takes them.
     *
     * @throws IllegalStateException if this lane only fetches
     */
    public BulkReference put(byte[] bytes) {
        if (server == null) {
            throw new IllegalStateException("this bulk lane only fetches");
        }
        return new BulkReference(host, server.port(), store.put(bytes), bytes.length, tls.isPresent());
    }

    /**
     * Fetches the array {@code ref} names into {@code sink}; never blocks the caller.
     *
     * @return completes once the sink is full, or exceptionally with an {@link IOException} naming the lane's
     *         address
     */
    public CompletableFuture<Void> fetch(BulkReference ref, Sink sink) {
        return client.fetch(ref, sink);
    }

    /** Stops serving and fetching; fetches under way fail. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        client.close();
    }

    /** One line for the log. */
    public String describe() {
        String limits = "io timeout " + settings.ioTimeout().toMillis() + " ms, " + settings.connectionsPerPeer()
                + " fetches per peer at once";
        if (server == null) {
            return "bulk lane fetching only" + (tls.isPresent() ? " over TLS" : "") + ", " + limits;
        }
        return "bulk lane listening on " + server.localAddress() + " (advertised " + host + ":" + server.port() + ")"
                + (tls.isPresent() ? " over mutually authenticated TLS" : "") + ", arrays of " + threshold
                + " bytes or more take it; at most " + settings.maxConnections() + " connections, idle timeout "
                + settings.idleTimeout().toMillis() + " ms, " + limits;
    }
}
