package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.results.Sample;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.store.RunInfo;
import io.simrt.inference.store.RunStatus;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import io.simrt.inference.store.StoredRun;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code abc}, {@code abc-smc} or {@code smc} run as its store sees it: opens the store before anything else (a
 * store that cannot be used is a usage error, before any cluster is joined), records the run when it starts or takes
 * it up again for {@code simrt resume}, hands its journal to the algorithm, and marks how it ended. With {@code
 * --store none} it records nothing and its journal is {@link BatchJournal#NONE} (or {@link SmcJournal#NONE}).
 */
final class RunRecorder implements AutoCloseable {
    private final StoreOptions options;
    private final RunStore store;
    private StoredRun run;
    private Thread onSignal;

    private RunRecorder(StoreOptions options, RunStore store) {
        this.options = options;
        this.store = store;
    }

    /** Opens the store {@code options} name (or none). */
    static RunRecorder open(StoreOptions options) {
        StoreLocation location = options.location();
        options.keepSimulations();
        options.failurePolicy();
        if (location.none()) {
            if (options.resumeRun != null) {
                throw new UsageException("simrt resume needs a run store; --store none has none");
            }
            return new RunRecorder(options, null);
        }
        try {
            return new RunRecorder(options, RunStore.open(location));
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** What a command knows of its run before it starts. */
    record Draft(
            String kind,
            List<String> command,
            AbcModel model,
            List<Path> jars,
            long seed,
            RngFamily rng,
            int batchSize,
            int samples,
            String objective,
            String thresholdKey) {}

    /**
     * What {@code smc} knows of its run before it starts: its "spec" is the model's class and the prior, its
     * "observed data" the true parameters, its "samples" the particles; it has no batches.
     */
    record SmcDraft(
            List<String> command,
            String modelName,
            List<String> parameterNames,
            String modelSpec,
            double[] truth,
            List<Path> jars,
            long seed,
            RngFamily rng,
            int particles,
            String objective) {}

    /** Records the run (or takes up the one being resumed) and returns the journal its algorithm writes to. */
    BatchJournal begin(Draft d, Client client) {
        if (store == null) {
            return BatchJournal.NONE;
        }
        SpecEnvelope env = spec(d.model());
        return record(new RunInfo(
                options.resumeRun == null ? "" : options.resumeRun,
                d.kind(),
                RunStatus.RUNNING,
                d.command(),
                d.model().name(),
                d.model().parameterNames(),
                env.className() + " " + env.json(),
                sha256(env.className() + "\0" + env.json()),
                sha256(d.model().observedSummaries()),
                codeHash(d.jars()),
                d.seed(),
                d.rng(),
                d.batchSize(),
                d.samples(),
                d.objective(),
                d.thresholdKey(),
                options.keepSimulations(),
                simrtVersion(),
                client.kind().id(),
                client.engines(),
                Instant.now(),
                Optional.empty(),
                0,
                0,
                ""));
    }

    /** As {@link #begin(Draft, Client)}, for an {@code smc} run: a resumed one goes on from its last checkpoint. */
    SmcJournal beginSmc(SmcDraft d, Client client) {
        if (store == null) {
            return SmcJournal.NONE;
        }
        if (options.keepSimulations()) {
            throw new UsageException("--keep simulations is for abc runs; smc stores its updates and checkpoints");
        }
        return record(new RunInfo(
                options.resumeRun == null ? "" : options.resumeRun,
                "smc",
                RunStatus.RUNNING,
                d.command(),
                d.modelName(),
                d.parameterNames(),
                d.modelSpec(),
                sha256(d.modelSpec()),
                sha256(d.truth()),
                codeHash(d.jars()),
                d.seed(),
                d.rng(),
                1,
                d.particles(),
                d.objective(),
                "",
                false,
                simrtVersion(),
                client.kind().id(),
                client.engines(),
                Instant.now(),
                Optional.empty(),
                0,
                0,
                ""));
    }

    private StoredRun record(RunInfo draft) {
        try {
            if (options.resumeRun != null) {
                checkSame(
                        draft,
                        store.find(options.resumeRun)
                                .orElseThrow(() -> new UsageException("no run '" + options.resumeRun + "' in "
                                        + store.location().display())));
                run = store.resume(draft, options.failurePolicy());
            } else {
                run = store.start(draft, !options.noReuse, options.failurePolicy());
            }
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
        onSignal = new Thread(() -> run.finish(RunStatus.STOPPED, "stopped by a signal"), "simrt store on exit");
        Runtime.getRuntime().addShutdownHook(onSignal);
        return run;
    }

    /** A resumed run must be the stored one: same model, observed data, code, seed, streams and batch size. */
    private static void checkSame(RunInfo now, RunInfo stored) {
        List<String> differ = new ArrayList<>();
        if (!now.kind().equals(stored.kind())) {
            differ.add("the command (" + stored.kind() + " stored, " + now.kind() + " now)");
        }
        if (!now.specHash().equals(stored.specHash())) {
            differ.add("the model (its spec hashes " + abbrev(stored.specHash()) + " stored, " + abbrev(now.specHash())
                    + " now: the model, its file or its definition changed)");
        }
        if (!now.observedHash().equals(stored.observedHash())) {
            differ.add("the observed data (hash " + abbrev(stored.observedHash()) + " stored, "
                    + abbrev(now.observedHash()) + " now)");
        }
        if (!now.codeHash().equals(stored.codeHash())) {
            differ.add("the model's code (jars hash " + abbrev(stored.codeHash()) + " stored, " + abbrev(now.codeHash())
                    + " now)");
        }
        if (now.seed() != stored.seed() || now.rng() != stored.rng() || now.batchSize() != stored.batchSize()) {
            differ.add("the seed, streams or batch size");
        }
        if (now.samples() != stored.samples()) {
            differ.add("the samples (" + stored.samples() + " stored, " + now.samples() + " now)");
        }
        if (!now.objective().equals(stored.objective()) && !extends_(now.objective(), stored.objective())) {
            differ.add("the objective (" + stored.objective() + " stored, " + now.objective() + " now; an ABC-SMC"
                    + " run may only be given more thresholds after its own)");
        }
        if (!differ.isEmpty()) {
            throw new UsageException("cannot resume run " + stored.id() + ": " + String.join("; ", differ)
                    + " differ from the stored run's; resuming would not give its answer");
        }
    }

    /** Whether ABC-SMC thresholds {@code now} are {@code stored} followed by more. */
    private static boolean extends_(String now, String stored) {
        String prefix = "thresholds [";
        if (!now.startsWith(prefix) || !stored.startsWith(prefix) || !stored.endsWith("]")) {
            return false;
        }
        String storedList = stored.substring(0, stored.length() - 1);
        return now.length() > stored.length() && now.startsWith(storedList + ", ");
    }

    private static String abbrev(String hash) {
        return hash.isEmpty() ? "none" : hash.substring(0, Math.min(12, hash.length()));
    }

    /** Stores the result and marks the run done. */
    void done(AbcResult result) {
        if (run != null) {
            run.result(result);
            run.finish(RunStatus.DONE, "");
            removeHook();
        }
    }

    /** Stores an smc run's final posterior (as its population 0) and marks the run done. */
    void done(Sample posterior, int experiments) {
        if (run != null) {
            run.smcResult(posterior, experiments);
            run.finish(RunStatus.DONE, "");
            removeHook();
        }
    }

    /** Marks the run failed with {@code e}'s message (never throws: the run's own error is what matters). */
    void failed(Throwable e) {
        if (run != null) {
            try {
                run.finish(RunStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (RuntimeException ignored) {
                // the store failing too changes nothing for the user: the run's error is reported
            }
            removeHook();
        }
    }

    /**
     * The fields {@code --json} adds: runId, store, batchesRun and batchesReused (smc: updatesRun and
     * updatesReused); none without a store.
     */
    Map<String, Object> json() {
        Map<String, Object> o = new LinkedHashMap<>();
        if (run != null) {
            o.put("runId", run.id());
            o.put("store", store.location().display());
            if (smc()) {
                o.put("updatesRun", run.updatesRun());
                o.put("updatesReused", run.updatesReused());
            } else {
                o.put("batchesRun", run.batchesRun());
                o.put("batchesReused", run.batchesReused());
            }
        }
        return o;
    }

    private boolean smc() {
        return run.info().kind().equals("smc");
    }

    /** The summary's line naming the run, or empty without a store. */
    String line() {
        if (run == null) {
            return "";
        }
        if (smc()) {
            String from = run.updatesReused() == 0
                    ? ""
                    : " (resumed after update " + run.updatesReused() + ", " + run.updatesRun() + " updates done now)";
            return "Run " + run.id() + " in " + store.location().display() + from + System.lineSeparator();
        }
        String reused = run.batchesReused() == 0
                ? ""
                : " (" + run.batchesReused() + " batches merged from the store, " + run.batchesRun() + " simulated)";
        return "Run " + run.id() + " in " + store.location().display() + reused + System.lineSeparator();
    }

    private void removeHook() {
        if (onSignal != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException ignored) {
                // the JVM is exiting: the hook runs or has run
            }
            onSignal = null;
        }
    }

    @Override
    public void close() {
        if (run != null) {
            run.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static SpecEnvelope spec(AbcModel model) {
        String className = model.spec().getClass().getName();
        int dot = className.lastIndexOf('.');
        List<String> allowed = new ArrayList<>(List.of("io.simrt."));
        if (dot > 0) {
            allowed.add(className.substring(0, dot + 1));
        }
        for (String named : model.spec().classNames()) {
            int d = named.lastIndexOf('.');
            if (d > 0) {
                allowed.add(named.substring(0, d + 1));
            }
        }
        return new SpecCodec(AllowedClasses.of(allowed), Thread.currentThread().getContextClassLoader())
                .encode(model.spec());
    }

    private static String codeHash(List<Path> jars) {
        if (jars.isEmpty()) {
            return "";
        }
        MessageDigest sha = digest();
        for (Path jar : jars.stream().sorted().toList()) {
            try {
                sha.update(Files.readAllBytes(jar));
            } catch (IOException e) {
                throw new UsageException("cannot read the model jar " + jar + ": " + e.getMessage());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(double[] values) {
        if (values.length == 0) {
            return "";
        }
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return HexFormat.of().formatHex(digest().digest(b.array()));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    private static String simrtVersion() {
        String v = RunRecorder.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
