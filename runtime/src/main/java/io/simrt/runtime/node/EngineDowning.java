package io.simrt.runtime.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent;

/**
 * The actor behind {@link EngineDowningProvider}: watches reachability and membership, and once they have not
 * changed for {@code stableAfter} while some member is unreachable, the oldest reachable member applies
 * {@link DowningDecision} for its side. A node that learns a member has quarantined it (the others removed it while
 * it was frozen or cut off) downs itself, as Pekko's own resolver does: it cannot come back under the same
 * incarnation, and carrying on alone would make a second cluster. Pekko creates it under the cluster daemon (a
 * classic actor, as Pekko's own split-brain resolver is).
 */
final class EngineDowning extends AbstractActorWithTimers {
    private enum Tick {
        INSTANCE
    }

    private final LoggingAdapter log = Logging.getLogger(getContext().getSystem(), this);
    private final Cluster cluster = Cluster.get(getContext().getSystem());
    private final Duration stableAfter;
    private long lastChange = System.nanoTime();

    private EngineDowning(Duration stableAfter) {
        this.stableAfter = stableAfter;
    }

    static Props props(Duration stableAfter) {
        return Props.create(EngineDowning.class, () -> new EngineDowning(stableAfter));
    }

    @Override
    public void preStart() {
        cluster.subscribe(
                getSelf(),
                ClusterEvent.initialStateAsEvents(),
                ClusterEvent.MemberEvent.class,
                ClusterEvent.ReachabilityEvent.class);
        getContext().getSystem().getEventStream().subscribe(getSelf(), ThisActorSystemQuarantinedEvent.class);
        Duration tick = stableAfter.dividedBy(4);
        getTimers()
                .startTimerWithFixedDelay(Tick.INSTANCE, Tick.INSTANCE, tick.isZero() ? Duration.ofMillis(100) : tick);
    }

    @Override
    public void postStop() {
        cluster.unsubscribe(getSelf());
        getContext().getSystem().getEventStream().unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(ClusterEvent.ReachabilityEvent.class, e -> changed())
                .match(ClusterEvent.MemberEvent.class, e -> changed())
                .match(ThisActorSystemQuarantinedEvent.class, this::onQuarantined)
                .matchEquals(Tick.INSTANCE, t -> onTick())
                .build();
    }

    @SuppressWarnings("deprecation") // Pekko 1.7 marks the event's constructor deprecated, not its use
    private void onQuarantined(ThisActorSystemQuarantinedEvent e) {
        Address by = e.remoteAddress().address();
        long uid = e.remoteAddress().uid();
        for (Member m : cluster.state().getMembers()) {
            if (m.address().equals(by) && m.uniqueAddress().longUid() == uid) {
                log.warning("member {} has quarantined this node: the cluster removed it; this node downs itself", by);
                cluster.down(cluster.selfAddress());
                return;
            }
        }
    }

    private void changed() {
        lastChange = System.nanoTime();
    }

    private void onTick() {
        if (System.nanoTime() - lastChange < stableAfter.toNanos()) {
            return;
        }
        ClusterEvent.CurrentClusterState state = cluster.state();
        Set<Member> unreachable = state.getUnreachable();
        if (unreachable.isEmpty()) {
            return;
        }
        List<DowningDecision.Member> members = new ArrayList<>();
        Map<String, Address> addresses = new HashMap<>();
        for (Member m : state.getMembers()) {
            if (m.status() == MemberStatus.down() || m.status() == MemberStatus.removed()) {
                continue;
            }
            String a = m.address().toString();
            addresses.put(a, m.address());
            members.add(new DowningDecision.Member(a, m.getRoles(), ageOf(m, state), !unreachable.contains(m)));
        }
        String self = cluster.selfAddress().toString();
        if (!DowningDecision.responsible(members, self)) {
            return;
        }
        DowningDecision.Outcome outcome = DowningDecision.decide(members, self);
        if (outcome.down().isEmpty()) {
            return;
        }
        log.warning("unreachable for {}: {}; downing {}", stableAfter, outcome.because(), outcome.down());
        outcome.down().forEach(a -> cluster.down(addresses.get(a)));
        lastChange = System.nanoTime(); // give the cluster time to act before deciding again
    }

    /** How many members are older than {@code m}: 0 for the oldest. */
    private static int ageOf(Member m, ClusterEvent.CurrentClusterState state) {
        int older = 0;
        for (Member other : state.getMembers()) {
            if (other != m && other.isOlderThan(m)) {
                older++;
            }
        }
        return older;
    }
}
