package io.simrt.cli;

import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreException;
import io.simrt.inference.store.StoreLocation;
import java.nio.file.Files;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The store {@code simrt runs} reads: {@code --store}, else {@code SIMRT_STORE}, else the per-user file. */
final class RunsStoreOption {
    @Option(
            names = "--store",
            paramLabel = "FILE|URL",
            description = "The run store. Default: $SIMRT_STORE, else runs.db in $XDG_DATA_HOME/simrt"
                    + " (~/.local/share/simrt).")
    String store;

    /**
     * @throws UsageException for {@code none} or a URL of a database simrt does not store in
     */
    StoreLocation location() {
        StoreLocation location;
        try {
            location = store != null ? StoreLocation.parse(store) : StoreLocation.fromEnvironment(System.getenv());
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
        if (location.none()) {
            throw new UsageException("there are no runs to read in --store none; name a store (--store FILE|URL)");
        }
        return location;
    }

    /**
     * The store, opened; empty when it is an SQLite file that does not exist (reading does not create one).
     *
     * @throws UsageException if it cannot be opened
     */
    static Optional<RunStore> open(StoreLocation location) {
        if (location.file().isPresent() && !Files.exists(location.file().get())) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunStore.open(location));
        } catch (StoreException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The store, opened, for reading run {@code id}; a store file that does not exist has no such run. */
    static RunStore openFor(StoreLocation location, String id) {
        return open(location)
                .orElseThrow(() -> new UsageException(
                        "no run '" + id + "' in " + location.display() + " (no such store; simrt runs list)"));
    }
}
