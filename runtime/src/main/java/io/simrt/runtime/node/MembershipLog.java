package io.simrt.runtime.node;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/** Logs cluster membership changes of a node (members up, unreachable, removed), for operators. */
public final class MembershipLog {
    private MembershipLog() {}

    public static void start(SimrtNode node) {
        node.system()
                .systemActorOf(
                        Behaviors.<ClusterEvent.MemberEvent>setup(ctx -> {
                            ctx.setLoggerName(MembershipLog.class); // not the stack-detected name (see Coordinator)
                            ActorRef<ClusterEvent.MemberEvent> self = ctx.getSelf();
                            Cluster.get(ctx.getSystem())
                                    .subscriptions()
                                    .tell(Subscribe.create(self, ClusterEvent.MemberEvent.class));
                            return Behaviors.receiveMessage(event -> {
                                long up = 0;
                                for (Member m :
                                        Cluster.get(ctx.getSystem()).state().getMembers()) {
                                    if (m.status() == MemberStatus.up()) {
                                        up++;
                                    }
                                }
                                ctx.getLog()
                                        .info(
                                                "{} {}: {} members up",
                                                event.getClass().getSimpleName(),
                                                event.member().address(),
                                                up);
                                return Behaviors.same();
                            });
                        }),
                        "membership-log",
                        Props.empty());
    }
}
