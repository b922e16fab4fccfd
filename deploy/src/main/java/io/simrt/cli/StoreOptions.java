package io.simrt.cli;

import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where {@code abc} and {@code abc-smc} store their runs, and how (docs/run-store.md). */
final class StoreOptions {
    @Option(
            names = "--store",
            paramLabel = "FILE|URL|none",
            description = "Run store: an SQLite file, jdbc:postgresql://host/db, or none. Default: $SIMRT_STORE, "
                    + "else runs.db in $XDG_DATA_HOME/simrt (~/.local/share/simrt).")
    String store;

    @Option(
            names = "--keep",
            defaultValue = "candidates",
            paramLabel = "candidates|simulations",
            description = "What the store keeps of each batch: the rows that entered the samples, or every simulation"
                    + " (ELFI's pools: later runs may then keep more samples; an SQLite store keeps them in"
                    + " STORE.simulations/RUN_ID.f64 beside it). Default: ${DEFAULT-VALUE}.")
    String keep;

    @Option(
            names = "--store-failure",
            defaultValue = "fail",
            paramLabel = "fail|continue",
            description = "When the store fails mid-run: fail the run, or go on without the store. "
                    + "Default: ${DEFAULT-VALUE}.")
    String failure;

    @Option(
            names = "--no-reuse",
            description = "Simulate every batch, even those an earlier run with the same model, data, seed and "
                    + "batch size stored.")
    boolean noReuse;

    /** Set by {@code simrt resume}: the run to go on with. */
    @Option(names = "--resume-run", hidden = true)
    String resumeRun;

    /** The store to use: {@code --store}, else {@code SIMRT_STORE}, else the per-user file. */
    StoreLocation location() {
        try {
            return store != null ? StoreLocation.parse(store) : StoreLocation.fromEnvironment(System.getenv());
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
    }

    boolean keepSimulations() {
        return switch (keep.toLowerCase(Locale.ROOT)) {
            case "candidates" -> false;
            case "simulations" -> true;
            default -> throw new UsageException("--keep must be candidates or simulations, not '" + keep + "'");
        };
    }

    RunStore.FailurePolicy failurePolicy() {
        return switch (failure.toLowerCase(Locale.ROOT)) {
            case "fail" -> RunStore.FailurePolicy.FAIL;
            case "continue" -> RunStore.FailurePolicy.CONTINUE;
            default -> throw new UsageException("--store-failure must be fail or continue, not '" + failure + "'");
        };
    }
}
