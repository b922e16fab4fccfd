package io.simrt.runtime.node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.cluster.typed.Unsubscribe;

/**
 * Cluster membership as futures, from Pekko's own events instead of polling: {@link #selfUp} completes on
 * {@link SelfUp} (at once if the node is already Up), {@link #membersUp} when this node has seen enough members Up.
 * A short-lived system actor listens for each, and stops when its future completes, however it completes.
 */
public final class Membership {
    private static final AtomicLong NAMES = new AtomicLong();

    private Membership() {}

    private enum Done implements NoSerializationVerificationNeeded {
        INSTANCE
    }

    /** Completes when this node is an Up member of its cluster. Cancel or complete it to stop listening. */
    public static CompletableFuture<Void> selfUp(ActorSystem<?> system) {
        CompletableFuture<Void> up = new CompletableFuture<>();
        listen(system, "self-up", up, Behaviors.setup(ctx -> {
            ActorRef<SelfUp> self = ctx.getSelf().narrow();
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(self, SelfUp.class));
            return Behaviors.receive(Object.class)
                    .onMessage(SelfUp.class, m -> {
                        up.complete(null);
                        return stop(ctx.getSystem(), self);
                    })
                    .onMessageEquals(Done.INSTANCE, () -> stop(ctx.getSystem(), self))
                    .build();
        }));
        return up;
    }

    /**
     * Completes once this node sees at least {@code n} members Up at the same time (members that exited or were
     * removed since no longer count). Cancel or complete it to stop listening.
     */
    public static CompletableFuture<Void> membersUp(ActorSystem<?> system, int n) {
        CompletableFuture<Void> up = new CompletableFuture<>();
        listen(system, "members-up", up, Behaviors.setup(ctx -> {
            ActorRef<ClusterEvent.MemberEvent> self = ctx.getSelf().narrow();
            // member events arrive with the current state first, as events
            Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(self, ClusterEvent.MemberEvent.class));
            Set<Address> seen = new HashSet<>();
            return Behaviors.receive(Object.class)
                    .onMessage(ClusterEvent.MemberUp.class, m -> {
                        seen.add(m.member().address());
                        if (seen.size() >= n) {
                            up.complete(null);
                            return stop(ctx.getSystem(), self);
                        }
                        return Behaviors.same();
                    })
                    .onMessage(
                            ClusterEvent.MemberExited.class,
                            m -> forget(seen, m.member().address()))
                    .onMessage(
                            ClusterEvent.MemberRemoved.class,
                            m -> forget(seen, m.member().address()))
                    .onMessageEquals(Done.INSTANCE, () -> stop(ctx.getSystem(), self))
                    .build();
        }));
        return up;
    }

    /** A member's roles as simrt shows them: sorted, without the data-centre role Pekko gives every member. */
    public static List<String> roles(Member member) {
        List<String> roles = new ArrayList<>();
        member.getRoles().forEach(r -> {
            if (!r.startsWith("dc-")) {
                roles.add(r);
            }
        });
        roles.sort(null);
        return roles;
    }

    private static Behavior<Object> forget(Set<Address> seen, Address member) {
        seen.remove(member);
        return Behaviors.same();
    }

    private static void listen(
            ActorSystem<?> system, String name, CompletableFuture<Void> future, Behavior<Object> behavior) {
        ActorRef<Object> listener = system.systemActorOf(behavior, name + "-" + NAMES.incrementAndGet(), Props.empty());
        // a caller that gives up (timeout, cancel) stops the listener too
        future.whenComplete((v, e) -> listener.tell(Done.INSTANCE));
    }

    private static <T> Behavior<Object> stop(ActorSystem<?> system, ActorRef<T> self) {
        Cluster.get(system).subscriptions().tell(new Unsubscribe<>(self));
        return Behaviors.stopped();
    }
}
