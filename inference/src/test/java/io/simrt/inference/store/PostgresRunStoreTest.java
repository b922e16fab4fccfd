package io.simrt.inference.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.abc.Objective;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The run store on a real PostgreSQL server (started on a loopback port for this class; {@link PostgresServer}):
 * what every store does ({@link RunStoreContract}), and a database that goes away mid-run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRunStoreTest extends RunStoreContract {
    private PostgresServer server;
    private int databases;

    @BeforeAll
    void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @Override
    StoreLocation store() throws Exception {
        return StoreLocation.parse(server.newDatabase("runs" + (++databases)));
    }

    /** Passes everything on to {@code run}; stops the server when batch {@code at} is recorded. */
    private BatchJournal serverStopsAt(StoredRun run, long at) {
        return new BatchJournal.Forwarding(run) {
            @Override
            public void ran(BatchRecord record) {
                if (record.index() == at) {
                    run.flush();
                    try {
                        server.stop();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                super.ran(record);
            }
        };
    }

    @Test
    void aDatabaseThatGoesAwayMidRunFailsItNamingTheStoreAndWhatWasStoredStaysWhole() throws Exception {
        StoreLocation location = store();
        String id;
        try (RunStore s = RunStore.open(location)) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 100000", "", true), true, RunStore.FailurePolicy.FAIL);
            id = run.id();
            StoreException e = assertThrows(
                    StoreException.class,
                    () -> StoreRuns.run(serverStopsAt(run, 10), 200, Objective.simulations(100_000)));
            assertTrue(e.getMessage().contains("cannot be reached or went away"), e.getMessage());
            assertTrue(e.getMessage().contains("resume it with simrt resume " + id), e.getMessage());
        } finally {
            server.start(60);
        }
        try (RunStore s = RunStore.open(location)) {
            List<BatchRecord> kept = s.batches(id);
            assertEquals(10, kept.size(), "the batches committed before the server went, and only those");
            for (int i = 0; i < kept.size(); i++) {
                assertEquals(i, kept.get(i).index());
                assertEquals(500, kept.get(i).kept(), "each whole");
            }
        }
    }

    @Test
    void underTheContinuePolicyARunOutlivesItsDatabase() throws Exception {
        StoreLocation location = store();
        try (RunStore s = RunStore.open(location)) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), true, RunStore.FailurePolicy.CONTINUE);
            AbcResult r = StoreRuns.run(serverStopsAt(run, 10), 200, Objective.simulations(20_000));
            assertSameResult(StoreRuns.run(BatchJournal.NONE, 200, Objective.simulations(20_000)), r);
            run.finish(RunStatus.DONE, "");
        } finally {
            server.start(60);
        }
    }
}
