package io.simrt.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The downing rule, case by case: what each side of a cluster of three engines (e1, oldest and first seed; e2; e3)
 * and a coordinator (c, youngest) does when members stop answering.
 */
class DowningDecisionTest {
    private static final Set<String> ENGINE = Set.of("engine");
    private static final Set<String> COORDINATOR = Set.of("coordinator");

    /** The cluster as {@code self}'s side sees it: {@code lost} are unreachable. */
    private static List<DowningDecision.Member> view(List<String> lost, boolean withCoordinator) {
        List<DowningDecision.Member> ms = new ArrayList<>();
        String[] engines = {"e1", "e2", "e3"};
        for (int i = 0; i < engines.length; i++) {
            ms.add(new DowningDecision.Member(engines[i], ENGINE, i, !lost.contains(engines[i])));
        }
        if (withCoordinator) {
            ms.add(new DowningDecision.Member("c", COORDINATOR, 3, !lost.contains("c")));
        }
        return ms;
    }

    private static List<String> down(List<String> lost, boolean withCoordinator, String self) {
        return DowningDecision.decide(view(lost, withCoordinator), self).down();
    }

    @Test
    void losingTheOldestEngineAndOneMoreKeepsTheCoordinatorAndTheSurvivor() {
        assertEquals(List.of("e1", "e2"), down(List.of("e1", "e2"), true, "e3"));
        assertEquals(List.of("e1", "e2"), down(List.of("e1", "e2"), true, "c"));
        assertTrue(DowningDecision.responsible(view(List.of("e1", "e2"), true), "e3"), "the oldest of the side acts");
        assertFalse(DowningDecision.responsible(view(List.of("e1", "e2"), true), "c"));
    }

    @Test
    void aCoordinatorWhoseEnginesAllDiedKeepsGoingAndWaits() {
        assertEquals(List.of("e1", "e2", "e3"), down(List.of("e1", "e2", "e3"), true, "c"));
        assertTrue(DowningDecision.responsible(view(List.of("e1", "e2", "e3"), true), "c"));
    }

    @Test
    void enginesGoOnWhenTheirCoordinatorCrashes() {
        assertEquals(List.of("c"), down(List.of("c"), true, "e1"));
    }

    @Test
    void enginesBetweenRunsGoOnWhateverTheyLose() {
        assertEquals(List.of("e1"), down(List.of("e1"), false, "e2"));
        assertEquals(List.of("e1", "e2"), down(List.of("e1", "e2"), false, "e3"));
    }

    @Test
    void enginesCutOffFromACoordinatorThatStillHasEnginesLeaveToRejoin() {
        // partition {e1, c} | {e2, e3}: the coordinator's side keeps going, the other side downs itself
        assertEquals(List.of("e2", "e3"), down(List.of("e2", "e3"), true, "e1"));
        DowningDecision.Outcome other = DowningDecision.decide(view(List.of("e1", "c"), true), "e2");
        assertEquals(List.of("e2", "e3"), other.down());
        assertTrue(other.because().contains("rejoin"), other.because());
    }

    @Test
    void nothingIsDownedWhileEveryoneAnswers() {
        assertEquals(List.of(), down(List.of(), true, "e1"));
    }

    @Test
    void aMemberAlwaysReachesItself() {
        // a stale view that lists self as unreachable must not make a node down itself
        List<DowningDecision.Member> ms = view(List.of("e2"), true);
        ms.set(0, new DowningDecision.Member("e1", ENGINE, 0, false));
        assertEquals(List.of("e2"), DowningDecision.decide(ms, "e1").down());
        assertTrue(DowningDecision.responsible(ms, "e1"));
    }
}
