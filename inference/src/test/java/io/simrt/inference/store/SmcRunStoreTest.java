package io.simrt.inference.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.inference.smc.ExpSparseHeuristic;
import io.simrt.inference.smc.Heuristic;
import io.simrt.inference.smc.PghHeuristic;
import io.simrt.inference.smc.SmcCheckpoint;
import io.simrt.inference.smc.SmcExperiments;
import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.smc.SmcStep;
import io.simrt.inference.smc.SmcUpdater;
import io.simrt.inference.smc.UniformPrior;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.qinfer.UnknownT2Model;
import io.simrt.models.random.RandomStreams;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An SMC run checkpointed into an SQLite store (PostgreSQL: {@link PostgresSmcRunStoreTest}), killed after some updates and resumed from its last checkpoint,
 * ends with the posterior of the run never interrupted, bit for bit.
 */
class SmcRunStoreTest {
    private static final int EXPERIMENTS = 40;
    private static final int PARTICLES = 400;
    private static final long SEED = 1234;

    @TempDir
    Path dir;

    /** Thrown by a journal that plays a coordinator dying. */
    private static final class Died extends RuntimeException {
        Died() {
            super("died", null, false, false);
        }
    }

    /** The store of the current test: here an SQLite file. */
    StoreLocation store() {
        return StoreLocation.sqlite(dir.resolve("runs.db"));
    }

    private static RunInfo info(String id, RngFamily family, String heuristic) {
        return new RunInfo(
                id,
                "smc",
                RunStatus.RUNNING,
                List.of("smc", "--model", "unknown-t2", "--heuristic", heuristic),
                "unknown-t2",
                UnknownT2Model.of().modelParamNames(),
                "unknown-t2",
                "spec-hash",
                "observed-hash",
                "",
                SEED,
                family,
                1,
                PARTICLES,
                "experiments " + EXPERIMENTS + ", heuristic " + heuristic,
                "",
                false,
                "test",
                "native",
                1,
                Instant.now(),
                Optional.empty(),
                0,
                0,
                "");
    }

    /** A fresh run: its updater, design and data stream, as a command builds them. */
    private static SmcExperiments run(RngFamily family, String heuristic) {
        RandomStreams streams = RandomStreams.of(family, SEED);
        UnknownT2Model model = UnknownT2Model.of();
        SmcUpdater u = SmcUpdater.builder(model, PARTICLES, UniformPrior.of(new double[] {0, 0}, new double[] {2, 1}))
                .rng(streams.root())
                .build();
        Heuristic design = heuristic.equals("pgh")
                ? PghHeuristic.builder(u).noInversionField().build()
                : ExpSparseHeuristic.of(u);
        return new SmcExperiments(u, design, model, ModelParams.of(1, 2, 1.0, 0.1), streams.block(0));
    }

    /** A journal that passes updates on and dies right after recording update {@code dieAfter}. */
    private static SmcJournal dyingAfter(StoredRun run, int dieAfter) {
        return new SmcJournal() {
            @Override
            public Optional<SmcCheckpoint> resumeFrom() {
                return run.resumeFrom();
            }

            @Override
            public void updated(SmcStep step) {
                run.updated(step);
                if (step.experiments() == dieAfter) {
                    run.flush();
                    throw new Died();
                }
            }
        };
    }

    private static void assertSamePosterior(SmcUpdater whole, SmcUpdater again) {
        assertArrayEquals(
                whole.particleLocations().toArray(), again.particleLocations().toArray());
        assertArrayEquals(whole.particleWeights(), again.particleWeights());
        assertArrayEquals(whole.estMean(), again.estMean());
        assertArrayEquals(whole.estCovariance(), again.estCovariance());
        assertArrayEquals(whole.dataRecord(), again.dataRecord());
        assertArrayEquals(whole.normalizationRecord(), again.normalizationRecord());
        assertEquals(whole.resampleCount(), again.resampleCount());
        assertEquals(whole.minEss(), again.minEss());
        assertEquals(whole.justResampled(), again.justResampled());
        assertEquals(whole.logTotalLikelihood(), again.logTotalLikelihood());
        assertEquals(whole.sample(5).toString(), again.sample(5).toString(), "the filter's stream too");
    }

    @ParameterizedTest
    @CsvSource({"FAST, pgh", "ELFI, pgh", "FAST, exp-sparse", "ELFI, exp-sparse"})
    void aKilledRunResumedFromItsLastCheckpointEndsWithTheUninterruptedPosterior(RngFamily family, String heuristic) {
        SmcExperiments whole = run(family, heuristic);
        assertEquals(0, whole.run(EXPERIMENTS, 3, SmcJournal.NONE, k -> {}));
        if (heuristic.equals("pgh")) {
            assertTrue(whole.updater().resampleCount() > 0, "the run resamples: Liu-West draws from the stream");
        }

        String id;
        try (RunStore s = RunStore.open(store())) {
            StoredRun stored = s.start(info("", family, heuristic), false, RunStore.FailurePolicy.FAIL);
            id = stored.id();
            SmcExperiments first = run(family, heuristic);
            assertThrows(Died.class, () -> first.run(EXPERIMENTS, 3, dyingAfter(stored, 17), k -> {}));
            // killed: the run stays 'running', with updates 1..17 and checkpoints after 3, 6, ..., 15
            assertEquals(17, s.smcUpdates(id).size());
        }

        SmcExperiments again = run(family, heuristic);
        try (RunStore s = RunStore.open(store())) {
            StoredRun resumed = s.resume(info(id, family, heuristic), RunStore.FailurePolicy.FAIL);
            assertEquals(15, resumed.resumeFrom().orElseThrow().experiments());
            assertEquals(15, again.run(EXPERIMENTS, 3, resumed, k -> {}));
            resumed.smcResult(again.updater().posterior(), EXPERIMENTS);
            resumed.finish(RunStatus.DONE, "");
            assertEquals(EXPERIMENTS - 15, resumed.updatesRun());
            assertEquals(15, resumed.updatesReused());

            List<StoredSmcUpdate> updates = s.smcUpdates(id);
            assertEquals(EXPERIMENTS, updates.size(), "updates 16 and 17 were done again, not stored twice");
            for (int k = 0; k < EXPERIMENTS; k++) {
                StoredSmcUpdate u = updates.get(k);
                assertEquals(k + 1, u.experiments());
                assertEquals((k + 1) % 3 == 0 || k + 1 == EXPERIMENTS, u.checkpoint(), "update " + (k + 1));
                assertEquals(whole.updater().dataRecord()[k], u.outcome());
            }
            assertArrayEquals(
                    whole.updater().estMean(), updates.get(EXPERIMENTS - 1).means());
            StoredResult posterior = s.result(id);
            assertArrayEquals(
                    whole.updater().particleLocations().toArray(),
                    posterior.sample().toArray());
            assertEquals(EXPERIMENTS, s.find(id).orElseThrow().batchesRun(), "an smc run counts its updates");
        }
        assertSamePosterior(whole.updater(), again.updater());
    }

    @Test
    void aCheckpointRoundTripsThroughItsBlobAndADamagedOneIsNamed() {
        SmcExperiments r = run(RngFamily.ELFI, "pgh");
        r.run(5, 1, SmcJournal.NONE, k -> {});
        SmcCheckpoint c = new SmcCheckpoint(5, r.updater().state(), r.data().state());
        byte[] blob = SmcStateCodec.encode(c);
        SmcCheckpoint back = SmcStateCodec.decode(5, blob, "run1");
        assertArrayEquals(blob, SmcStateCodec.encode(back));
        assertArrayEquals(c.data(), back.data());
        assertFalse(back.updater().justResampled() && !c.updater().justResampled());
        byte[] cut = java.util.Arrays.copyOf(blob, blob.length - 3);
        StoreException e = assertThrows(StoreException.class, () -> SmcStateCodec.decode(5, cut, "run1"));
        assertTrue(e.getMessage().startsWith("run run1, the SMC checkpoint after 5 experiments: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("the store is damaged"), e.getMessage());
    }
}
