package io.simrt.runtime.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.runtime.metrics.NodeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A node's web dashboard and {@code GET /metrics}, served with Pekko HTTP on the node's own actor system. Read-only:
 * only GET (and HEAD) are answered, nothing a request sends is echoed back, and the page runs only its own script
 * (a Content-Security-Policy forbids everything else). The page (index.html, dashboard.js, dashboard.css in this
 * package's resources) gets the state from {@code /events} (server-sent events, one JSON object per interval) and
 * shows the plots, drawn here as SVG, as images.
 *
 * <p>Paths: {@code /} the page, {@code /api/state} the state once, {@code /events} the stream, {@code
 * /plot/pairs.svg}, {@code /plot/throughput.svg}, {@code /plot/ess.svg}, {@code /metrics}.
 */
public final class Dashboard implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType SVG = ContentTypes.parse("image/svg+xml; charset=utf-8");
    private static final ContentType PROMETHEUS = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");
    private static final ContentType EVENTS = ContentTypes.parse("text/event-stream");
    private static final List<HttpHeader> HEADERS = List.of(
            RawHeader.create("Cache-Control", "no-store"),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("X-Frame-Options", "DENY"),
            RawHeader.create("Referrer-Policy", "no-referrer"),
            RawHeader.create(
                    "Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
                            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"));

    private final ActorSystem<?> system;
    private final RunBoard board;
    private final ClusterWatch watch;
    private final Duration interval;
    private final Map<String, HttpResponse> files;
    private ServerBinding binding;

    private Dashboard(ActorSystem<?> system, RunBoard board, Duration interval) {
        this.system = system;
        this.board = board;
        this.interval = interval;
        this.watch = new ClusterWatch(system, interval);
        this.files = Map.of(
                "/", file("index.html", ContentTypes.TEXT_HTML_UTF8),
                "/dashboard.js", file("dashboard.js", ContentTypes.parse("text/javascript; charset=utf-8")),
                "/dashboard.css", file("dashboard.css", ContentTypes.parse("text/css; charset=utf-8")));
    }

    /**
     * Serves the dashboard of {@code system}'s node on {@code host:settings.port()} (0: a free port).
     *
     * @param board the run to show: the coordinator's, or an empty one on engine nodes
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static Dashboard start(ActorSystem<?> system, DashboardSettings settings, String host, RunBoard board) {
        Dashboard d = new Dashboard(system, board, settings.interval());
        try {
            d.binding = Http.get(system)
                    .newServerAt(host, settings.port())
                    .bindSync(d::answer)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            d.watch.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new UncheckedIOException(
                    "cannot serve the dashboard on " + host + ":" + settings.port() + " (simrt.dashboard.port, "
                            + "SIMRT_DASHBOARD_PORT): " + cause.getMessage(),
                    new IOException(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            d.watch.close();
            throw new IllegalStateException("interrupted while binding the dashboard", e);
        }
        system.getWhenTerminated().thenRun(d.watch::close);
        return d;
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** {@code http://host:port/}, with the host it was bound to. */
    public String url() {
        InetSocketAddress a = address();
        String h = a.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : a.getAddress().getHostAddress();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort() + "/";
    }

    /** The run it shows. */
    public RunBoard board() {
        return board;
    }

    private HttpResponse answer(HttpRequest request) {
        if (request.method() != HttpMethods.GET) {
            request.discardEntityBytes(system);
            return plain(405, "only GET is served: the dashboard is read-only\n")
                    .addHeader(RawHeader.create("Allow", "GET, HEAD"));
        }
        String path = request.getUri().path();
        HttpResponse file = files.get(path);
        if (file != null) {
            return file;
        }
        return switch (path) {
            case "/api/state" -> ok(HttpEntities.create(ContentTypes.APPLICATION_JSON, stateJson()));
            case "/events" -> ok(HttpEntities.createChunked(EVENTS, events()));
            case "/plot/pairs.svg" -> ok(HttpEntities.create(SVG, bytes(PairPlot.draw(board.points()))));
            case "/plot/throughput.svg" ->
                ok(HttpEntities.create(
                        SVG,
                        bytes(LineChart.draw("throughput per engine", "shards/s over seconds", watch.throughput()))));
            case "/plot/ess.svg" ->
                ok(HttpEntities.create(
                        SVG,
                        bytes(LineChart.draw(
                                "effective sample size", "ESS over updates", Map.of("ESS", board.essSeries())))));
            case "/metrics" ->
                ok(HttpEntities.create(PROMETHEUS, bytes(NodeMetrics.get(system).scrape())));
            default -> plain(404, "not found\n");
        };
    }

    private Source<ByteString, ?> events() {
        return Source.tick(Duration.ZERO, interval, "tick")
                .map(t -> ByteString.fromString("data: " + stateJson() + "\n\n", StandardCharsets.UTF_8));
    }

    /** Everything the page shows, as one JSON object. */
    String stateJson() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("time", System.currentTimeMillis());
        o.put("members", watch.memberRows());
        o.put("engines", watch.engineRows());
        o.put("enginesOwned", watch.enginesOwned());
        o.put("requestsInFlight", watch.requestsInFlight());
        o.put("run", board.snapshot());
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the dashboard's state did not serialize", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpResponse ok(org.apache.pekko.http.javadsl.model.ResponseEntity entity) {
        return HttpResponse.create().withStatus(200).withEntity(entity).addHeaders(HEADERS);
    }

    private static HttpResponse plain(int status, String body) {
        return HttpResponse.create()
                .withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, body))
                .addHeaders(HEADERS);
    }

    private static HttpResponse file(String name, ContentType type) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
            }
            return ok(HttpEntities.create(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops listening (the node goes on). */
    @Override
    public void close() {
        watch.close();
        try {
            binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // it stops with the actor system at the latest
        }
    }
}
