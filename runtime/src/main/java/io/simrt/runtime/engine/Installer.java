package io.simrt.runtime.engine;

import io.simrt.config.SimrtSettings;
import io.simrt.models.ModelSpec;
import io.simrt.runtime.code.CodeRefusedException;
import io.simrt.runtime.code.JarCache;
import io.simrt.runtime.code.JarRef;
import io.simrt.runtime.code.ShippedPackages;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ClassNotAllowedException;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * An engine's installs of models: from its own class path when it has the classes, else with jars its owner ships.
 *
 * <p>For an install whose classes (the spec's class and those its {@code build()} loads by name) are outside the
 * allowed packages or not on the class path, the engine asks its owner's code server which jars hold them, checks the
 * names against its allowed packages plus those the owner adds (narrowed by {@code simrt.engine.code.packages}),
 * fetches the jars it does not hold, checks their length and hash ({@link JarCache}), and only then loads anything:
 * in a class loader of this owner's own, whose parent is simrt's. Shards for the model wait meanwhile. When the owner
 * lets go or purges, its loaders are closed and dropped with the models built from them.
 *
 * <p>Runs on the engine actor only.
 */
final class Installer {
    /** What the engine does for its installer. */
    interface Host {
        void enqueue(Engine.RunShard shard);

        void fail(Engine.RunShard shard, Engine.FailureKind kind, String errorClass, String message);

        /** Tell the engine {@code InstallTimedOut(modelId, attempt)} after the fetch timeout. */
        void scheduleTimeout(String modelId, long attempt);
    }

    /** An install waiting for code, with the shards that need the model. */
    private static final class Pending {
        final SpecEnvelope env;
        final List<Engine.RunShard> shards = new ArrayList<>();
        /** Class names already asked for: asking twice for the same ones would not help. */
        final Set<String> asked = new HashSet<>();

        List<String> lastAsked = List.of();
        final Set<String> awaiting = new HashSet<>();
        long attempt;

        Pending(SpecEnvelope env) {
            this.env = env;
        }
    }

    private final String engineId;
    private final AllowedClasses base;
    private final SimrtSettings.Code settings;
    private final JarCache cache;
    private final Map<String, Object> models;
    private final ActorRef<Engine.Command> self;
    private final Host host;
    private final Logger log;

    // what belongs to the current owner
    private Optional<ActorRef<CodeRequest>> server = Optional.empty();
    private List<String> shipped = List.of();
    private final LinkedHashMap<String, JarRef> ownerJars = new LinkedHashMap<>();
    private final Map<List<String>, URLClassLoader> loaders = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Set<String> fetching = new HashSet<>();
    private long attempts;

    Installer(
            String engineId,
            AllowedClasses base,
            SimrtSettings.Code settings,
            JarCache cache,
            Map<String, Object> models,
            ActorRef<Engine.Command> self,
            Host host,
            Logger log) {
        this.engineId = engineId;
        this.base = base;
        this.settings = settings;
        this.cache = cache;
        this.models = models;
        this.self = self;
        this.host = host;
        this.log = log;
    }

    /** A new owner, whose code server (if any) ships the classes this engine lacks. */
    void owner(Optional<ActorRef<CodeRequest>> codeServer) {
        server = codeServer;
    }

    boolean isPending(String modelId) {
        return pending.containsKey(modelId);
    }

    /** Queues a shard behind the install of its model that is under way. */
    void hold(Engine.RunShard shard) {
        pending.get(shard.work().modelId()).shards.add(shard);
    }

    /** Drops a held shard (its request withdrew it); true if it was held. */
    boolean abort(ShardKey key) {
        for (Pending p : pending.values()) {
            if (p.shards.removeIf(s -> s.key().equals(key))) {
                return true;
            }
        }
        return false;
    }

    /** Installs the model {@code shard} carries, then queues the shard; or starts fetching the code it needs. */
    void install(Engine.RunShard shard, SpecEnvelope env) {
        Pending p = new Pending(env);
        p.shards.add(shard);
        attempt(p);
    }

    void onLocated(Engine.CodeLocated r) {
        Pending p = pending.get(r.modelId());
        if (p == null) {
            return;
        }
        if (!r.error().isEmpty()) {
            fail(
                    p,
                    Engine.FailureKind.INSTALL_FAILED,
                    "",
                    "the coordinator cannot ship the classes of model " + p.env.className() + " that engine " + engineId
                            + " lacks: " + r.error());
            return;
        }
        shipped = ShippedPackages.union(
                shipped, ShippedPackages.narrow(r.allowPackages(), settings.accept(), settings.packages()));
        AllowedClasses allowed = allowed();
        for (String name : p.lastAsked) {
            if (!allowed.allows(name)) {
                fail(p, Engine.FailureKind.NOT_ALLOWED, ClassNotAllowedException.class.getName(), refusal(name));
                return;
            }
        }
        for (JarRef jar : r.jars()) {
            if (jar.size() > settings.maxJarBytes()) {
                fail(
                        p,
                        Engine.FailureKind.NOT_ALLOWED,
                        CodeRefusedException.class.getName(),
                        "jar " + jar
                                + " is larger than the " + settings.maxJarBytes() + " bytes engine " + engineId
                                + " takes (simrt.engine.code.max-jar-bytes)");
                return;
            }
        }
        for (JarRef jar : r.jars()) {
            if (cache.get(jar.sha256()).isPresent()) {
                ownerJars.putIfAbsent(jar.sha256(), jar);
            } else {
                p.awaiting.add(jar.sha256());
                if (fetching.add(jar.sha256())) {
                    server.get().tell(new CodeRequest.Fetch(jar, self));
                }
            }
        }
        if (p.awaiting.isEmpty()) {
            attempt(p);
        }
    }

    void onArrived(Engine.CodeArrived r) {
        String sha = r.jar().sha256();
        fetching.remove(sha);
        String error = r.error();
        Engine.FailureKind kind = Engine.FailureKind.INSTALL_FAILED;
        if (error.isEmpty()) {
            try {
                cache.put(r.jar(), r.bytes(), settings.maxJarBytes());
                ownerJars.putIfAbsent(sha, r.jar());
                log.info("engine {} took jar {} from its owner", engineId, r.jar());
            } catch (CodeRefusedException e) {
                error = e.getMessage();
                kind = Engine.FailureKind.NOT_ALLOWED;
            } catch (UncheckedIOException e) {
                error = e.getMessage();
            }
        }
        for (Pending p : List.copyOf(pending.values())) {
            if (p.awaiting.remove(sha)) {
                if (!error.isEmpty()) {
                    fail(
                            p,
                            kind,
                            kind == Engine.FailureKind.NOT_ALLOWED ? CodeRefusedException.class.getName() : "",
                            error);
                } else if (p.awaiting.isEmpty()) {
                    attempt(p);
                }
            }
        }
    }

    void onTimeout(String modelId, long attempt) {
        Pending p = pending.get(modelId);
        if (p != null && p.attempt == attempt) {
            fail(
                    p,
                    Engine.FailureKind.INSTALL_FAILED,
                    "",
                    "engine " + engineId + " got no jars for model "
                            + p.env.className() + " from its owner within "
                            + settings.fetchTimeout().toSeconds()
                            + " s (simrt.engine.code.fetch-timeout)");
        }
    }

    /** Forgets the owner's code: held shards are dropped (nobody waits for them), its loaders closed. */
    void release() {
        pending.clear();
        fetching.clear();
        server = Optional.empty();
        dropCode();
    }

    /** The owner purged: held shards fail, its loaders are closed. */
    void purge() {
        for (Pending p : List.copyOf(pending.values())) {
            fail(
                    p,
                    Engine.FailureKind.ABORTED,
                    "",
                    "engine " + engineId + " was purged while it fetched the code of model " + p.env.className());
        }
        dropCode();
    }

    private void dropCode() {
        for (URLClassLoader l : loaders.values()) {
            try {
                l.close();
            } catch (IOException e) {
                log.debug("engine {}: closing a loader of shipped code: {}", engineId, e.toString());
            }
        }
        loaders.clear();
        ownerJars.clear();
        shipped = List.of();
    }

    /** Installs if every class is at hand; else asks for the code of those that are not. */
    private void attempt(Pending p) {
        pending.remove(p.env.modelId());
        ClassLoader loader = currentLoader();
        AllowedClasses allowed = allowed();
        List<String> missing = new ArrayList<>();
        try {
            String cls = p.env.className();
            if (!allowed.allows(cls) || !visible(loader, cls)) {
                missing.add(cls);
            } else {
                ModelSpec<?> spec = new SpecCodec(allowed, loader).decode(p.env, false);
                for (String named : spec.classNames()) {
                    if (!allowed.allows(named) || !visible(loader, named)) {
                        missing.add(named);
                    }
                }
                if (missing.isEmpty() && !spec.commands().isEmpty() && !settings.accept()) {
                    fail(
                            p,
                            Engine.FailureKind.NOT_ALLOWED,
                            CodeRefusedException.class.getName(),
                            "model " + p.env.className() + " would start " + spec.commands() + " on engine " + engineId
                                    + ", which takes no shipped code (simrt.engine.code.accept = false)");
                    return;
                }
                if (missing.isEmpty()) {
                    EngineWorker.close(engineId, models.put(p.env.modelId(), build(spec, loader)));
                    p.shards.forEach(host::enqueue);
                    return;
                }
            }
        } catch (ClassNotAllowedException e) {
            fail(p, Engine.FailureKind.NOT_ALLOWED, e.getClass().getName(), e.getMessage());
            return;
        } catch (RuntimeException | LinkageError e) {
            fail(
                    p,
                    Engine.FailureKind.INSTALL_FAILED,
                    e.getClass().getName(),
                    "cannot install model " + p.env.className() + " on engine " + engineId + ": " + e.getMessage());
            return;
        }
        askFor(p, missing, allowed);
    }

    private void askFor(Pending p, List<String> missing, AllowedClasses allowed) {
        if (p.asked.containsAll(missing)) {
            refuseMissing(
                    p,
                    missing,
                    allowed,
                    " is neither on the class path of engine " + engineId + " nor in the jars its owner shipped "
                            + ownerJars.values());
            return;
        }
        if (!settings.accept() || server.isEmpty()) {
            refuseMissing(
                    p,
                    missing,
                    allowed,
                    " is not on this engine's classpath (engine " + engineId + ")"
                            + (settings.accept()
                                    ? ", and its owner ships no code"
                                    : ", and it takes no shipped code (simrt.engine.code.accept = false)"));
            return;
        }
        p.asked.addAll(missing);
        p.lastAsked = List.copyOf(missing);
        p.attempt = ++attempts;
        pending.put(p.env.modelId(), p);
        server.get().tell(new CodeRequest.Locate(p.env.modelId(), missing, self));
        host.scheduleTimeout(p.env.modelId(), p.attempt);
    }

    /** Fails the install for the first missing class outside the allowed packages, else the first missing one. */
    private void refuseMissing(Pending p, List<String> missing, AllowedClasses allowed, String notFound) {
        String name =
                missing.stream().filter(n -> !allowed.allows(n)).findFirst().orElse(missing.get(0));
        if (!allowed.allows(name)) {
            fail(p, Engine.FailureKind.NOT_ALLOWED, ClassNotAllowedException.class.getName(), refusal(name));
        } else {
            fail(
                    p,
                    Engine.FailureKind.INSTALL_FAILED,
                    ClassNotFoundException.class.getName(),
                    "model class " + name + notFound);
        }
    }

    private String refusal(String name) {
        return "model class " + name + " is not in the allowed packages "
                + allowed().packages() + " of engine "
                + engineId + " (simrt.engine.allowed-packages; its owner may add packages with "
                + "simrt.coordinator.allow-packages or --allow-package"
                + (settings.packages().isEmpty()
                        ? ""
                        : ", narrowed to " + settings.packages() + " by simrt.engine.code.packages")
                + (settings.accept() ? "" : "; but this engine takes no shipped code: simrt.engine.code.accept = false")
                + ")";
    }

    private AllowedClasses allowed() {
        return AllowedClasses.of(ShippedPackages.union(base.packages(), shipped));
    }

    private static boolean visible(ClassLoader loader, String className) {
        return loader.getResource(className.replace('.', '/') + ".class") != null;
    }

    private ClassLoader currentLoader() {
        if (ownerJars.isEmpty()) {
            return Installer.class.getClassLoader();
        }
        List<String> key = List.copyOf(ownerJars.keySet());
        return loaders.computeIfAbsent(key, k -> {
            List<URL> urls = new ArrayList<>();
            for (String sha : k) {
                Path jar =
                        cache.get(sha).orElseThrow(() -> new IllegalStateException("jar " + sha + " left the cache"));
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new URLClassLoader(
                    "simrt-shipped-" + engineId, urls.toArray(new URL[0]), Installer.class.getClassLoader());
        });
    }

    private static Object build(ModelSpec<?> spec, ClassLoader loader) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return spec.build();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private void fail(Pending p, Engine.FailureKind kind, String errorClass, String message) {
        pending.remove(p.env.modelId());
        log.warn("engine {}: {}", engineId, message);
        for (Engine.RunShard s : p.shards) {
            host.fail(s, kind, errorClass, message);
        }
    }
}
