package io.simrt.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The course of a claim: each engine is claimed once at a time, refusals are retried and reported once. */
class ClaimsTest {
    private final Claims<String> claims = new Claims<>();

    @Test
    void aListedEngineIsClaimedOnceWhileItsClaimIsUnderway() {
        assertTrue(claims.shouldClaim("e1", false));
        assertFalse(claims.shouldClaim("e1", true), "owned already");
        claims.claiming("e1");
        assertFalse(claims.shouldClaim("e1", false), "a claim is on its way");
        claims.owned("e1");
        assertTrue(claims.retry().isEmpty());
    }

    @Test
    void refusedUnansweredAndNotYetUpClaimsAreTriedAgainOnce() {
        for (String e : List.of("e1", "e2", "e3")) {
            claims.claiming(e);
        }
        claims.refused("e1", "owner-a");
        claims.unanswered("e2");
        claims.notUpYet("e3");
        for (String e : List.of("e1", "e2", "e3")) {
            assertFalse(claims.shouldClaim(e, false), e + " waits for the retry, not for a listing change");
        }
        assertEquals(Map.of("e1", "owner-a"), claims.refusedBy());
        assertEquals(Set.of("e1", "e2", "e3"), Set.copyOf(claims.retry()));
        assertTrue(claims.retry().isEmpty(), "handed out once");
        assertTrue(claims.refusedBy().isEmpty());
    }

    @Test
    void aRefusalIsNewsOncePerOwner() {
        assertTrue(claims.refused("e1", "owner-a"));
        claims.retry();
        assertFalse(claims.refused("e1", "owner-a"), "the same owner again: already reported");
        assertTrue(claims.refused("e1", "owner-b"), "another owner is news");
        claims.owned("e1");
        assertTrue(claims.refused("e1", "owner-b"), "owned in between: news again");
    }

    @Test
    void anEngineWhoseNodeCameUpIsClaimedAgain() {
        claims.notUpYet("10.0.0.1/e0");
        claims.notUpYet("10.0.0.2/e0");
        assertEquals(List.of("10.0.0.1/e0"), claims.cameUp(e -> e.startsWith("10.0.0.1")));
        assertEquals(List.of("10.0.0.2/e0"), claims.retry());
    }

    @Test
    void engineNoLongerListedAreForgotten() {
        claims.refused("e1", "owner-a");
        claims.unanswered("e2");
        claims.notUpYet("e3");
        claims.retainListed(Set.of("e2"));
        assertEquals(List.of("e2"), claims.retry());
    }
}
