package io.simrt.runtime.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What a simrt cluster does with members that stay unreachable: the rule behind {@link EngineDowningProvider}, as a
 * plain function of one side's view so that every case can be tested without a cluster.
 *
 * <p>simrt's engines are expendable and hold nothing another member needs: a lost engine's shards run again
 * elsewhere, and the answer is the same. A coordinator is not expendable while it runs. So:
 *
 * <ol>
 *   <li>A side that holds a coordinator keeps going and downs every unreachable member (engines that crashed or
 *       were cut off: the oldest and the seed nodes included). A coordinator left alone keeps going too, and waits
 *       for engines.
 *   <li>In a cluster without any coordinator (engines between runs), every side keeps going and downs what it
 *       cannot reach: engines share no state, so two groups of engines cannot disagree about anything.
 *   <li>A side without a coordinator that cannot reach any either: if the unreachable members are coordinators
 *       only (a coordinator that crashed), it downs them and goes on (its engines are free again); if they include
 *       engines too, the coordinator's side is the one that goes on, and this side downs itself, so that its
 *       engines restart and rejoin (a supervisor restarts a process that exits; see {@code simrt engine}).
 * </ol>
 *
 * <p>Unlike Pekko's keep-oldest, no crash of the oldest member and no crash of every engine takes a surviving
 * coordinator down; unlike keep-majority, losing most engines is no reason for the rest to stop.
 */
final class DowningDecision {
    private DowningDecision() {}

    /** The role of members that run a coordinator. */
    static final String COORDINATOR = "coordinator";

    /**
     * A member as one side sees it.
     *
     * @param address   the member's address, unique in the cluster
     * @param roles     its cluster roles
     * @param age       smaller is older (Pekko's up-number order)
     * @param reachable whether this side reaches it
     */
    record Member(String address, Set<String> roles, int age, boolean reachable) {
        boolean coordinator() {
            return roles.contains(COORDINATOR);
        }
    }

    /**
     * What to down.
     *
     * @param down    addresses to mark down (empty: nothing to do)
     * @param because why, for the log
     */
    record Outcome(List<String> down, String because) {
        Outcome {
            down = List.copyOf(down);
        }
    }

    /**
     * The decision of the side {@code self} is on, once reachability has been stable for the configured time.
     *
     * @param members every member this side knows of, reachable or not
     * @param self    the deciding member's address (it must be reachable: a node always reaches itself)
     */
    static Outcome decide(List<Member> members, String self) {
        List<Member> unreachable = new ArrayList<>();
        List<Member> reachable = new ArrayList<>();
        for (Member m : members) {
            (m.reachable() || m.address().equals(self) ? reachable : unreachable).add(m);
        }
        if (unreachable.isEmpty()) {
            return new Outcome(List.of(), "every member is reachable");
        }
        boolean coordinatorHere = reachable.stream().anyMatch(Member::coordinator);
        boolean coordinatorThere = unreachable.stream().anyMatch(Member::coordinator);
        if (coordinatorHere) {
            return new Outcome(addresses(unreachable), "this side runs a coordinator: unreachable members go");
        }
        if (!coordinatorThere) {
            return new Outcome(addresses(unreachable), "no coordinator in the cluster: engines keep going");
        }
        if (unreachable.stream().allMatch(Member::coordinator)) {
            return new Outcome(addresses(unreachable), "only coordinators are unreachable: their engines are free");
        }
        return new Outcome(
                addresses(reachable),
                "this side has no coordinator and is cut off from one that has engines: it leaves, to rejoin");
    }

    /** Whether {@code self} decides for its side: its oldest reachable member does. */
    static boolean responsible(List<Member> members, String self) {
        return members.stream()
                .filter(m -> m.reachable() || m.address().equals(self))
                .min(Comparator.comparingInt(Member::age).thenComparing(Member::address))
                .map(m -> m.address().equals(self))
                .orElse(false);
    }

    private static List<String> addresses(List<Member> ms) {
        return ms.stream().map(Member::address).sorted().toList();
    }
}
