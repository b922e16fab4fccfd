package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.inference.smc.SmcJournal;
import io.simrt.inference.smc.SmcStep;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.runtime.observe.RunBoard;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SMC on the dashboard: the pair plot follows the particle cloud, and always shows the last update's. */
class BoardSmcJournalTest {

    /** Update {@code k}'s step as SmcExperiments builds it: with the cloud only if the journal wants it. */
    private static SmcStep step(SmcJournal journal, int k, double at) {
        ModelParams cloud = ModelParams.of(2, 1, at, at + 1);
        return new SmcStep(
                k,
                ExpParams.times(1.0),
                0,
                new double[] {at},
                0,
                2.0,
                journal.wantsCloud(k) ? Optional.of(new SmcStep.Cloud(cloud, new double[] {1, 1})) : Optional.empty(),
                Optional.empty());
    }

    @Test
    void theFirstAndTheLastUpdatesCloudsAreShownAndTheRestAtMostFourTimesASecond() {
        RunBoard board = new RunBoard(n -> {});
        board.begin("smc", "qubit", List.of("x"));
        BoardSmcJournal journal = new BoardSmcJournal(SmcJournal.NONE, board, 1000);
        journal.updated(step(journal, 1, 10));
        assertEquals(List.of(10.0, 11.0), xs(board), "the first update's cloud");
        for (int k = 2; k < 1000; k++) {
            journal.updated(step(journal, k, 100 * k)); // far faster than CLOUD_MILLIS: none of these needs to show
        }
        journal.updated(step(journal, 1000, 7));
        assertEquals(List.of(7.0, 8.0), xs(board), "the last update's cloud");
        assertEquals(2.0, board.snapshot().get("ess"));
    }

    private static List<Double> xs(RunBoard board) {
        return Arrays.stream(board.points().rows()).map(r -> r[0]).toList();
    }
}
