package io.simrt.runtime.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the coordinator stands with each engine it does not own yet: a claim on the way, refused by another owner,
 * unanswered, or accepted while the engine's node was not yet Up. Plain bookkeeping, so that the coordinator keeps
 * the messages and this class the rules: who to claim, who to claim again, and which refusals are news.
 *
 * @param <E> an engine's handle (its actor in the coordinator)
 */
final class Claims<E> {
    private final Set<E> claiming = new HashSet<>();
    private final Map<E, String> refused = new LinkedHashMap<>();
    /** Claims that got no answer in time (a slow or unreachable node). */
    private final Set<E> unanswered = new HashSet<>();
    /** Claims accepted while the engine's node was not Up: owned once it is. */
    private final Set<E> notUpYet = new HashSet<>();
    /** The owner each refusal was last reported for: a refusal is retried every few seconds and reported once. */
    private final Map<E, String> reported = new HashMap<>();

    /** Whether to claim a listed engine now: not owned, and not already somewhere in the claim's course. */
    boolean shouldClaim(E engine, boolean owned) {
        return !owned
                && !claiming.contains(engine)
                && !refused.containsKey(engine)
                && !unanswered.contains(engine)
                && !notUpYet.contains(engine);
    }

    /** A claim is on its way. */
    void claiming(E engine) {
        claiming.add(engine);
    }

    /** The claim was accepted and the engine is owned: forget it here. */
    void owned(E engine) {
        claiming.remove(engine);
        refused.remove(engine);
        unanswered.remove(engine);
        notUpYet.remove(engine);
        reported.remove(engine);
    }

    /** The claim was accepted, but the engine's node is not Up yet. */
    void notUpYet(E engine) {
        claiming.remove(engine);
        notUpYet.add(engine);
    }

    /**
     * Another coordinator owns the engine.
     *
     * @return whether this refusal is news (first from this owner), and worth reporting
     */
    boolean refused(E engine, String owner) {
        claiming.remove(engine);
        refused.put(engine, owner);
        return !owner.equals(reported.put(engine, owner));
    }

    /** The claim got no answer in time. */
    void unanswered(E engine) {
        claiming.remove(engine);
        unanswered.add(engine);
    }

    /** Engines to claim again now (the periodic retry): the refused, the not-yet-Up, the unanswered; forgotten here. */
    List<E> retry() {
        List<E> again = new ArrayList<>(refused.keySet());
        again.addAll(notUpYet);
        again.addAll(unanswered);
        refused.clear();
        notUpYet.clear();
        unanswered.clear();
        return again;
    }

    /** The not-yet-Up engines {@code up} says are Up now, to claim again; forgotten here. */
    List<E> cameUp(Predicate<E> up) {
        List<E> now = notUpYet.stream().filter(up).toList();
        now.forEach(notUpYet::remove);
        return now;
    }

    /** Only engines still listed matter. */
    void retainListed(Set<E> listed) {
        refused.keySet().retainAll(listed);
        unanswered.retainAll(listed);
        notUpYet.retainAll(listed);
    }

    /** The engines another coordinator owns, with that owner. */
    Map<E, String> refusedBy() {
        return Map.copyOf(refused);
    }
}
