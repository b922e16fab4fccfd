package io.simrt.runtime.client;

import com.typesafe.config.Config;
import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.Client;
import io.simrt.api.ClientKind;
import io.simrt.api.Futures;
import io.simrt.api.SimrtException;
import io.simrt.api.SimrtTimeoutException;
import io.simrt.config.HostPort;
import io.simrt.config.SimrtSettings;
import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import io.simrt.models.abc.AbcModel;
import io.simrt.runtime.coordinator.Coordinator;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.coordinator.RequestReply;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.node.InJvmCluster;
import io.simrt.runtime.node.Membership;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.protocol.ModelFootprint;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The local and cluster clients: a coordinator in this JVM that owns engines in this JVM ({@link #local}), on
 * in-JVM cluster nodes ({@link #local} with several nodes) or on the members of an existing cluster
 * ({@link #cluster}). This is the edge where callers' futures meet the actors.
 */
public final class RuntimeClient implements Client {
    private final ClientKind kind;
    private final SimrtNode home;
    private final List<AutoCloseable> owned;
    private final ActorRef<Coordinator.Command> coordinator;
    private final SimrtSettings settings;
    private final Map<ModelSpec<?>, String> modelIds = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InJvmCluster cluster;
    /** Requests not answered yet: failed, not forgotten, if the actor system goes away under them. */
    private final Map<Long, CompletableFuture<?>> outstanding = new ConcurrentHashMap<>();

    private RuntimeClient(ClientKind kind, SimrtNode home, InJvmCluster cluster, List<AutoCloseable> owned) {
        this.kind = kind;
        this.home = home;
        this.cluster = cluster;
        this.owned = owned;
        this.settings = home.settings();
        this.coordinator = home.coordinator();
        home.system().getWhenTerminated().thenRun(() -> failOutstanding(whyTerminated()));
    }

    /** Why this client's actor system ended, in the words a user needs. */
    private String whyTerminated() {
        Optional<CoordinatedShutdown.Reason> reason =
                CoordinatedShutdown.get(home.system()).getShutdownReason();
        if (reason.isPresent() && reason.get() == CoordinatedShutdown.clusterDowningReason()) {
            return "this coordinator was downed by the cluster (its node was cut off from the others for longer than "
                    + "pekko.cluster.split-brain-resolver.stable-after)";
        }
        if (reason.isPresent() && reason.get() == CoordinatedShutdown.jvmExitReason()) {
            return "the JVM is exiting (a stop was requested)";
        }
        return "the actor system of the " + kind.id() + " client terminated"
                + reason.map(r -> " (" + r + ")").orElse("");
    }

    private void failOutstanding(String why) {
        for (CompletableFuture<?> f : outstanding.values()) {
            f.completeExceptionally(new SimrtException(why + " before the request was answered"));
        }
    }

    /**
     * Engines in this JVM. With {@code nodes == 1} everything runs in one ActorSystem without remoting; with more,
     * an in-JVM cluster on loopback (engines spread over the nodes, the coordinator on the first).
     *
     * @param engines engines in all (0: one per available processor)
     * @param overrides configuration for every node
     */
    public static RuntimeClient local(int engines, int nodes, Config overrides) {
        int n = SimrtSettings.orProcessors(engines);
        if (nodes < 1) {
            throw ParameterException.of("nodes", nodes, "must be >= 1");
        }
        RuntimeClient client;
        if (nodes == 1) {
            SimrtNode node = SimrtNode.start(NodeSpec.standalone(n), overrides);
            client = new RuntimeClient(ClientKind.LOCAL, node, null, List.of(node));
        } else {
            Duration join = SimrtSettings.from(SimrtNode.config(NodeSpec.loopback(0), overrides))
                    .cluster()
                    .joinTimeout();
            InJvmCluster c = InJvmCluster.start(nodes, n, overrides, join);
            client = new RuntimeClient(ClientKind.LOCAL, c.node(0), c, List.of(c));
        }
        client.awaitEngines(n, client.settings.cluster().joinTimeout());
        return client;
    }

    /**
     * Joins an existing cluster through {@code seedNodes} as a coordinator-only member, then waits for
     * {@code minEngines} engines.
     *
     * @throws SimrtException naming the seeds when joining or finding engines takes longer than {@code joinTimeout}
     */
    public static RuntimeClient cluster(
            List<HostPort> seedNodes, String host, int port, int minEngines, Duration joinTimeout, Config overrides) {
        return cluster(seedNodes, host, port, minEngines, joinTimeout, overrides, line -> {});
    }

    /**
     * As {@link #cluster(List, String, int, int, Duration, Config)}, telling {@code waiting} what it waits for while
     * it waits: a line such as {@code "waiting for the cluster at [127.0.0.1:25520] (7 s of 30 s)"} after
     * {@link #FIRST_REPORT}, then every {@link #REPORT_EVERY}, so that an unreachable seed is not only Pekko's
     * warnings for the whole join timeout.
     */
    public static RuntimeClient cluster(
            List<HostPort> seedNodes,
            String host,
            int port,
            int minEngines,
            Duration joinTimeout,
            Config overrides,
            Consumer<String> waiting) {
        if (seedNodes.isEmpty()) {
            throw ParameterException.because("the cluster client needs at least one seed node (--seed-nodes host:port "
                    + "or simrt.cluster.seed-nodes)");
        }
        SimrtNode node =
                SimrtNode.start(new NodeSpec(0, true, host, port, seedNodes, List.of("coordinator")), overrides);
        long joinStarted = System.nanoTime();
        long deadline = joinStarted + joinTimeout.toNanos();
        try {
            CompletableFuture<Void> up = Membership.selfUp(node.system());
            try {
                awaitReporting(
                        up,
                        "joining the cluster at " + seedNodes,
                        joinTimeout,
                        waiting,
                        () -> "waiting for the cluster at " + seedNodes);
            } catch (SimrtTimeoutException e) {
                up.cancel(false);
                boolean tls =
                        "tls-tcp".equals(node.system().settings().config().getString("pekko.remote.artery.transport"));
                throw new SimrtException("could not join the cluster at " + seedNodes + " within "
                        + joinTimeout.toSeconds() + " s: is an engine node running there (simrt engine --port ...)?"
                        + (tls
                                ? " Under TLS also check that both sides hold certificates from the same CA: a "
                                        + "refused certificate is logged by the node that refused it, not here"
                                : ""));
            }
            RuntimeClient client = new RuntimeClient(ClientKind.CLUSTER, node, null, List.of(node));
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            try {
                while (true) {
                    Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
                    if (remaining.isNegative() || remaining.isZero()) {
                        throw new SimrtTimeoutException("waiting for " + minEngines + " engines", left);
                    }
                    Duration slice = nextSlice(joinStarted, remaining);
                    try {
                        client.awaitEngines(minEngines, slice);
                        break;
                    } catch (SimrtTimeoutException e) {
                        if (System.nanoTime() < deadline) {
                            waiting.accept("joined the cluster at " + seedNodes + "; waiting for " + minEngines
                                    + " engines, " + client.engineList().owned().size() + " so far ("
                                    + progress(joinStarted, joinTimeout) + ")");
                        }
                    }
                }
            } catch (SimrtTimeoutException e) {
                Coordinator.EngineList engines = client.engineList();
                client.close();
                StringBuilder refused = new StringBuilder();
                engines.refusedBy()
                        .forEach((engine, owner) -> refused.append(refused.length() == 0 ? "" : "; ")
                                .append(engine)
                                .append(" is owned by ")
                                .append(owner));
                throw new SimrtException("joined the cluster at " + seedNodes + " but found only "
                        + engines.owned().size() + " of " + minEngines + " engines within " + joinTimeout.toSeconds()
                        + " s (--min-engines)" + (refused.length() == 0 ? "" : "; refused: " + refused));
            }
            return client;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** When the first line that says what a cluster client waits for comes. */
    public static final Duration FIRST_REPORT = Duration.ofSeconds(2);

    /** How often the next lines come. */
    public static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private static final Duration MIN_SLICE = Duration.ofMillis(1);

    /**
     * Waits for {@code future} at most {@code timeout}, telling {@code waiting} {@code line} and the seconds waited
     * at {@link #FIRST_REPORT} and then every {@link #REPORT_EVERY}.
     *
     * @param future  what is awaited
     * @param what    what it is, for the timeout's message
     * @param timeout how long to wait at most
     * @param waiting takes each line
     * @param line    the line's text, before the seconds waited
     * @throws SimrtTimeoutException when the time runs out
     * @throws SimrtException        when {@code future} fails
     */
    public static void awaitReporting(
            CompletableFuture<?> future,
            String what,
            Duration timeout,
            Consumer<String> waiting,
            Supplier<String> line) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        while (true) {
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (remaining.isNegative() || remaining.isZero()) {
                throw new SimrtTimeoutException(what, timeout);
            }
            try {
                Futures.await(future, what, nextSlice(started, remaining));
                return;
            } catch (SimrtTimeoutException e) {
                if (future.isDone()) {
                    throw e;
                }
                if (System.nanoTime() < deadline) {
                    waiting.accept(line.get() + " (" + progress(started, timeout) + ")");
                }
            }
        }
    }

    /** How long to wait before the next report: up to the first report, then a report period, within the time left. */
    private static Duration nextSlice(long started, Duration remaining) {
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        Duration toNext = waited.compareTo(FIRST_REPORT) < 0
                ? FIRST_REPORT.minus(waited)
                : REPORT_EVERY.minus(waited.minus(FIRST_REPORT).toNanos() % REPORT_EVERY.toNanos(), ChronoUnit.NANOS);
        Duration slice = toNext.compareTo(remaining) < 0 ? toNext : remaining;
        return slice.compareTo(MIN_SLICE) < 0 ? MIN_SLICE : slice;
    }

    private static String progress(long started, Duration timeout) {
        long waited = (System.nanoTime() - started) / 1_000_000_000L;
        return waited + " s of " + timeout.toSeconds() + " s";
    }

    /** A client on a node someone else started (tests); closing it stops only its coordinator. */
    public static RuntimeClient attach(SimrtNode node, ClientKind kind) {
        return new RuntimeClient(kind, node, null, List.of());
    }

    /** Blocks until {@code min} engines are owned. */
    public void awaitEngines(int min, Duration timeout) {
        ask(
                "waiting for " + min + " engines",
                timeout,
                (ActorRef<Coordinator.EnginesReady> replyTo) -> new Coordinator.AwaitEngines(min, replyTo));
    }

    @Override
    public ClientKind kind() {
        return kind;
    }

    @Override
    public int engines() {
        return engineList().owned().size();
    }

    /**
     * Twice the engines' windows: enough batches in flight that no engine waits for its next one, even while the
     * caller waits for a slow batch it must consume first (batches are consumed in index order).
     */
    @Override
    public int parallelism() {
        return Math.max(1, 2 * engines() * settings.coordinator().engineWindow());
    }

    public Coordinator.EngineList engineList() {
        return ask("listing engines", settings.coordinator().claimTimeout(), Coordinator.GetEngines::new);
    }

    /** Engines drop installed models and everything retained; answers what each freed. */
    public Coordinator.PurgeReport purge() {
        return ask("purging engines", settings.coordinator().claimTimeout().multipliedBy(2), Coordinator.Purge::new);
    }

    /** Each owned engine's own report: owner, shards done, queue, installed models. */
    public List<Engine.EngineStatus> engineStatuses() {
        List<Engine.EngineStatus> out = new ArrayList<>();
        Duration timeout = settings.coordinator().claimTimeout();
        for (Coordinator.EngineInfo info : engineList().owned()) {
            out.add(Futures.await(
                    AskPattern.<Engine.Command, Engine.EngineStatus>ask(
                                    info.ref(),
                                    Engine.GetStatus::new,
                                    timeout,
                                    home.system().scheduler())
                            .toCompletableFuture(),
                    "the status of engine " + info.engineId(),
                    timeout));
        }
        return out;
    }

    /** The actor system the coordinator runs in. */
    public ActorSystem<Void> home() {
        return home.system();
    }

    /** Asks the engines to purge without waiting for their answers (a cache clear on a hot path). */
    public void purgeAsync() {
        coordinator.tell(new Coordinator.Purge(home.system().ignoreRef()));
    }

    public SimrtSettings settings() {
        return settings;
    }

    /** The in-JVM cluster behind a local client with several nodes, if any (tests stop its nodes). */
    public Optional<InJvmCluster> inJvmCluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * Registers a model spec with the coordinator; engines install it with the first shard that needs it. Engines
     * that lack its classes get their jars from the coordinator, which finds them through the spec's class loader
     * and this thread's context class loader (set it to the loader of a model's jars).
     */
    public String register(ModelSpec<?> spec) {
        return register(spec, ModelFootprint.UNKNOWN);
    }

    /** {@link #register(ModelSpec)}, telling the coordinator what the model needs per simulation on the heap. */
    public String register(ModelSpec<?> spec, ModelFootprint footprint) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader codeLoader = context != null ? context : spec.getClass().getClassLoader();
        return modelIds.computeIfAbsent(
                spec,
                s -> ask(
                                "registering a model",
                                settings.coordinator().claimTimeout(),
                                (ActorRef<Coordinator.ModelRegistered> replyTo) ->
                                        new Coordinator.RegisterModel(s, footprint, codeLoader, replyTo))
                        .modelId());
    }

    @Override
    public BatchSimulator simulator(AbcModel model) {
        String modelId = register(model.spec(), ModelFootprint.of(model));
        return new BatchSimulator() {
            @Override
            public CompletableFuture<BatchOutput> submit(BatchRequest request) {
                return RuntimeClient.this.submit(Plan.single(
                        "ABC batch " + request.index(),
                        Work.AbcBatch.of(modelId, request),
                        r -> ((WorkResult.Batch) r).toOutput()));
            }

            @Override
            public int parallelism() {
                return RuntimeClient.this.parallelism();
            }
        };
    }

    /** A request's answer with what it cost on the engines. */
    public record Answer<R>(R value, int shards, long engineNanos) {}

    /**
     * Runs {@code plan}; the future completes with its answer or with a {@link SimrtException}. Cancelling the
     * future withdraws the request's shards that have not started.
     */
    public <R> CompletableFuture<R> submit(Plan<R> plan) {
        return send(plan, done -> {
            @SuppressWarnings("unchecked")
            R value = (R) done.value();
            return value;
        });
    }

    /** {@link #submit}, with the shard count and the engines' compute time. */
    public <R> CompletableFuture<Answer<R>> submitDetailed(Plan<R> plan) {
        return send(plan, done -> {
            @SuppressWarnings("unchecked")
            R value = (R) done.value();
            long nanos = 0;
            for (long n : done.engineNanos().values()) {
                nanos += n;
            }
            return new Answer<>(value, done.shards(), nanos);
        });
    }

    private <R, T> CompletableFuture<T> send(Plan<R> plan, Function<RequestReply.Done, T> map) {
        long id = home.nextRequestId();
        Duration timeout = settings.coordinator().requestTimeout();
        CompletableFuture<T> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    coordinator.tell(new Coordinator.Cancel(id));
                }
                return cancelled;
            }
        };
        outstanding.put(id, result);
        result.whenComplete((value, error) -> outstanding.remove(id));
        coordinator.tell(new Coordinator.Submit(id, plan, timeout, reply -> complete(result, plan, reply, map)));
        return result;
    }

    private static <T> void complete(
            CompletableFuture<T> result, Plan<?> plan, RequestReply reply, Function<RequestReply.Done, T> map) {
        if (reply instanceof RequestReply.Done done) {
            try {
                result.complete(map.apply(done));
            } catch (RuntimeException e) {
                result.completeExceptionally(new SimrtException(plan.description() + " failed: " + e, e));
            }
        } else {
            result.completeExceptionally(((RequestReply.Failed) reply).error());
        }
    }

    private <T> T ask(String what, Duration timeout, Function<ActorRef<T>, Coordinator.Command> message) {
        return Futures.await(
                AskPattern.ask(
                                coordinator,
                                message::apply,
                                timeout,
                                home.system().scheduler())
                        .toCompletableFuture(),
                what,
                timeout);
    }

    /** Stops the coordinator (engines are released) and whatever nodes this client started. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopCoordinator();
        List<Exception> errors = new ArrayList<>();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw new SimrtException("closing the " + kind.id() + " client failed: " + errors.get(0), errors.get(0));
        }
    }

    private void stopCoordinator() {
        home.stopCoordinator();
    }
}
