package io.simrt.inference.store;

import io.simrt.inference.abc.BatchRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an SQLite store keeps the simulations of runs that keep every one: an append-only file per run,
 * {@code STORE.simulations/RUN_ID.f64} beside the store file, of little-endian float64s. Each batch record of such a
 * run is appended whole (its rows are then 0 .. size - 1): {@code params[size * nParams]} (row-major),
 * {@code distances[size]}, {@code summaries[size * nSummaries]} (row-major), the blob a record would otherwise be
 * without its rows; the record's row in {@code simrt_batches} says where ({@code data_offset}) and holds an empty
 * {@code data}.
 *
 * <p>Why not in SQLite's pages: 40 bytes a simulation, 40 MB for a 1e6 MA2 run, written to the write-ahead log and
 * then copied by its checkpoints into the database, cost the store's thread 40 to 140 ms of CPU in a 0.12 to 0.16 s
 * run; appended to a file they are written once (docs/run-store.md, "Simulations in a file of their own").
 *
 * <p>Consistency: a record is appended before its row is inserted, and the files written to are synced
 * ({@link #force}) before the transaction holding their rows commits, so a committed row's simulations are on disk
 * whatever stops the process. Bytes appended for rows that never committed (a killed coordinator, a rolled-back group)
 * stay in the file, unreferenced; later records are appended after them. Used on the store's thread only.
 */
final class SimulationFiles implements AutoCloseable {
    /** The suffix of a run's file. */
    static final String SUFFIX = ".f64";

    private final Path dir;
    private final Map<String, Appender> appenders = new HashMap<>();
    private final Set<Appender> unsynced = new HashSet<>();
    /** Encodes a record for {@link FileChannel#write}: direct, so that the channel need not copy it again. */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

    private SimulationFiles(Path dir) {
        this.dir = dir;
    }

    /** The files of the SQLite store {@code storeFile}, in the directory beside it; made at the first append. */
    static SimulationFiles beside(Path storeFile) {
        return new SimulationFiles(directoryOf(storeFile));
    }

    /** The directory holding the simulations of the store {@code storeFile}'s runs. */
    static Path directoryOf(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".simulations");
    }

    /** Run {@code runId}'s file. */
    Path file(String runId) {
        return dir.resolve(runId + SUFFIX);
    }

    /** The length of a complete record's simulations in a file. */
    static long length(BatchRecord r) {
        return length(r.size(), r.nParams(), r.nSummaries());
    }

    /** The length in a file of a complete record of {@code size} rows. */
    static long length(int size, int nParams, int nSummaries) {
        return 8L * size * (nParams + 1 + nSummaries);
    }

    /**
     * Appends complete record {@code r} to run {@code runId}'s file.
     *
     * @return the offset it starts at
     * @throws StoreException if it cannot be written (a full disk, no permission), naming the file
     */
    long append(String runId, BatchRecord r) {
        if (!r.complete()) {
            throw new IllegalArgumentException(
                    "only complete records go to a simulations file, not batch " + r.index());
        }
        Appender a = appenders.get(runId);
        try {
            if (a == null) {
                a = Appender.open(dir, file(runId), runId);
                appenders.put(runId, a);
            }
            ByteBuffer b = encode(r);
            long offset = a.end;
            long at = offset;
            while (b.hasRemaining()) {
                at += a.channel.write(b, at);
            }
            a.end = at;
            unsynced.add(a);
            return offset;
        } catch (IOException e) {
            drop(runId, a);
            throw failure("cannot store the simulations of batch " + r.index() + " of run " + runId, file(runId), e);
        }
    }

    /**
     * Syncs the files appended to since the last call, before the transaction holding their records' rows commits.
     *
     * @throws StoreException if a file cannot be synced
     */
    void force() {
        for (Appender a : unsynced) {
            sync(a);
        }
        unsynced.clear();
    }

    /**
     * Reads the simulations of run {@code runId}'s complete record of {@code length} bytes at {@code offset}.
     *
     * @throws StoreException if the file is missing or too short, naming what is missing
     */
    byte[] read(String runId, long index, long offset, long length) {
        Path file = file(runId);
        if (offset < 0 || length < 0 || length > Integer.MAX_VALUE) {
            throw new StoreException("run " + runId + ", batch " + index + ": its row says " + length + " bytes at "
                    + offset + " of " + file + "; the store is damaged");
        }
        byte[] out = new byte[(int) length];
        Appender held = appenders.get(runId);
        // read through the channel this store appends with: closing another channel on the file would release the
        // process's lock on it (POSIX locks belong to the process and the file, not to the channel)
        try (FileChannel own = held == null ? FileChannel.open(file, StandardOpenOption.READ) : null) {
            FileChannel ch = held == null ? own : held.channel;
            ByteBuffer b = ByteBuffer.wrap(out);
            long at = offset;
            while (b.hasRemaining()) {
                int n = ch.read(b, at);
                if (n < 0) {
                    throw new StoreException("run " + runId + ", batch " + index + ": its simulations end at byte "
                            + ch.size() + " of " + file + ", short of the " + length + " bytes stored at " + offset
                            + "; the file was cut or replaced: the store's simulations of this run are damaged");
                }
                at += n;
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new StoreException(
                    "run " + runId + ", batch " + index + ": its simulations are kept in " + file
                            + ", which is missing; a store file must be moved or copied with its directory " + dir
                            + " (a new run that would reuse this one's batches can run with --no-reuse)",
                    e);
        } catch (IOException e) {
            throw new StoreException(
                    "cannot read the simulations of batch " + index + " of run " + runId + " in " + file + ": " + e, e);
        }
    }

    /**
     * Holds run {@code runId}'s file for appending from now on, before anything of the run is changed: a resume fails
     * here, naming the file, while another process or store appends to it.
     *
     * @throws StoreException if another process or store holds it, or it cannot be opened
     */
    void hold(String runId) {
        if (appenders.containsKey(runId)) {
            return;
        }
        try {
            appenders.put(runId, Appender.open(dir, file(runId), runId));
        } catch (IOException e) {
            throw failure("cannot open the simulations of run " + runId, file(runId), e);
        }
    }

    /** Syncs and lets go of run {@code runId}'s file (the run ended); another store may then append to it. */
    void release(String runId) {
        Appender a = appenders.get(runId);
        if (a == null) {
            return;
        }
        if (unsynced.contains(a)) {
            sync(a);
        }
        drop(runId, a);
    }

    private static void sync(Appender a) {
        try {
            a.channel.force(false);
        } catch (IOException e) {
            throw failure("cannot sync the simulations", a.file, e);
        }
    }

    /** Syncs and closes the open files, letting go of them. */
    @Override
    public void close() {
        try {
            force();
        } finally {
            for (Appender a : appenders.values()) {
                a.close();
            }
            appenders.clear();
        }
    }

    private ByteBuffer encode(BatchRecord r) {
        int length = Math.toIntExact(length(r));
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = buffer.clear().limit(length);
        b.asDoubleBuffer().put(r.paramsView()).put(r.distancesView()).put(r.summariesView());
        return b;
    }

    /** Closes a file whose write failed (reopened, it appends after what its failed write left), or the run's. */
    private void drop(String runId, Appender a) {
        if (a == null) {
            return;
        }
        appenders.remove(runId);
        unsynced.remove(a);
        a.close();
    }

    private static StoreException failure(String what, Path file, IOException e) {
        String why = String.valueOf(e.getMessage());
        if (why.contains("No space left") || why.contains("Disk quota")) {
            return new StoreException(
                    what + " in " + file + ": the disk is full (" + why + "); what was stored is intact: free"
                            + " some space and resume the run, or use another store",
                    e);
        }
        if (why.contains("File too large")) {
            return new StoreException(
                    what + " in " + file + ": the file reached the largest size allowed here (" + why + "; see"
                            + " ulimit -f); what was stored is intact: resume the run where files may be larger",
                    e);
        }
        return new StoreException(
                what + " in " + file + " (" + e + "); make its directory writable, or use another store (--store"
                        + " FILE) or none (--store none)",
                e);
    }

    /** A run's file open for appending, and where its next record starts. */
    private static final class Appender {
        /**
         * The files held in this JVM. The lock below keeps other processes out; within one process, a second channel
         * on a held file must not even be opened to try it, as closing that channel would release the first's lock.
         */
        private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

        final Path file;
        final FileChannel channel;
        long end;

        private Appender(Path file, FileChannel channel, long end) {
            this.file = file;
            this.channel = channel;
            this.end = end;
        }

        /**
         * Opens {@code file} to append to it, locked against another process or store appending to it at the same
         * time (a run resumed while its first coordinator still runs), whose records would overwrite this one's.
         * Syncs the directory when the file is new, so that a committed row never names a file lost with its
         * directory entry.
         *
         * @throws StoreException if another process, or another store in this one, holds the file
         */
        static Appender open(Path dir, Path file, String runId) throws IOException {
            Path key = file.toAbsolutePath().normalize();
            if (!HELD.add(key)) {
                throw busy(runId, file);
            }
            FileChannel ch = null;
            try {
                Files.createDirectories(dir);
                boolean existed = Files.exists(file);
                ch = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                boolean locked;
                try {
                    locked = ch.tryLock() != null;
                } catch (OverlappingFileLockException e) {
                    locked = false; // held in this JVM under another path to the same file
                }
                if (!locked) {
                    throw busy(runId, file);
                }
                if (!existed) {
                    syncDirectory(dir);
                }
                return new Appender(key, ch, ch.size());
            } catch (IOException | RuntimeException e) {
                if (ch != null) {
                    ch.close();
                }
                HELD.remove(key);
                throw e;
            }
        }

        private static StoreException busy(String runId, Path file) {
            return new StoreException("run " + runId + "'s simulations file " + file + " is being written by another"
                    + " simrt process or store: is the run still going elsewhere? Resume a run only once its"
                    + " coordinator has ended");
        }

        /** Makes a new file's directory entry durable (and the directory's own, made with it). */
        private static void syncDirectory(Path dir) throws IOException {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        }

        /** Closes the file, which releases its lock, and lets this JVM open it again. */
        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing: a failed sync was reported before
            } finally {
                HELD.remove(file);
            }
        }
    }
}
