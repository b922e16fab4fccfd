package io.simrt.inference.store;

import io.simrt.api.NativeClient;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the store tests share: MA2 rejection runs journalled into a store, and runs that die after k batches. */
final class StoreRuns {
    static final Ma2Abc MODEL = Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);

    private StoreRuns() {}

    static RunInfo info(int samples, String objective, String thresholdKey, boolean keepAll) {
        return new RunInfo(
                "",
                "abc",
                RunStatus.RUNNING,
                List.of("abc", "--model", "ma2", "--samples", Integer.toString(samples)),
                "ma2",
                MODEL.parameterNames(),
                "{\"model\":\"ma2\"}",
                "spec-hash",
                "observed-hash",
                "",
                11,
                RngFamily.FAST,
                500,
                samples,
                objective,
                thresholdKey,
                keepAll,
                "test",
                "native",
                1,
                Instant.now(),
                Optional.empty(),
                0,
                0,
                "");
    }

    static AbcResult run(BatchJournal journal, int samples, Objective objective) {
        return RejectionAbc.builder(MODEL, NativeClient.create())
                .seed(11)
                .batchSize(500)
                .maxParallelBatches(3)
                .journal(journal)
                .build()
                .sample(samples, objective);
    }

    /** A journal that passes everything on and dies (throws) when asked to record batch {@code dieAt}. */
    static BatchJournal dyingAt(StoredRun run, long dieAt) {
        return new BatchJournal.Forwarding(run) {
            @Override
            public void ran(BatchRecord record) {
                if (record.index() == dieAt) {
                    run.flush();
                    throw new Died();
                }
                super.ran(record);
            }
        };
    }

    /** The coordinator's death, as the tests play it. */
    static final class Died extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Died() {
            super("died");
        }
    }
}
