package io.simrt.runtime.coordinator;

import io.simrt.runtime.engine.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Short-lived child: asks every engine to purge, gathers their answers (or notes who did not answer), replies. */
final class PurgeAll {
    private PurgeAll() {}

    private sealed interface Msg extends NoSerializationVerificationNeeded {}

    private record Answer(Engine.Purged purged) implements Msg {}

    private enum Timeout implements Msg {
        INSTANCE
    }

    static Behavior<?> create(
            ActorRef<?> owner,
            List<ActorRef<Engine.Command>> engines,
            List<String> ids,
            Duration timeout,
            ActorRef<Coordinator.PurgeReport> replyTo) {
        return createMsg(owner, engines, ids, timeout, replyTo);
    }

    private static Behavior<Msg> createMsg(
            ActorRef<?> owner,
            List<ActorRef<Engine.Command>> engines,
            List<String> ids,
            Duration timeout,
            ActorRef<Coordinator.PurgeReport> replyTo) {
        return Behaviors.<Msg>setup(ctx -> {
            if (engines.isEmpty()) {
                replyTo.tell(new Coordinator.PurgeReport(List.of(), List.of()));
                return Behaviors.stopped();
            }
            ActorRef<Engine.Purged> adapter = ctx.messageAdapter(Engine.Purged.class, Answer::new);
            engines.forEach(e -> e.tell(new Engine.Purge(owner, adapter)));
            List<Engine.Purged> got = new ArrayList<>();
            Set<String> missing = new LinkedHashSet<>(ids);
            return Behaviors.<Msg>withTimers(timers -> {
                timers.startSingleTimer(Timeout.INSTANCE, timeout);
                return Behaviors.receive(Msg.class)
                        .onMessage(Answer.class, a -> {
                            got.add(a.purged());
                            missing.remove(a.purged().engineId());
                            if (missing.isEmpty()) {
                                replyTo.tell(new Coordinator.PurgeReport(got, List.of()));
                                return Behaviors.stopped();
                            }
                            return Behaviors.same();
                        })
                        .onMessage(Timeout.class, t -> {
                            replyTo.tell(new Coordinator.PurgeReport(got, new ArrayList<>(missing)));
                            return Behaviors.stopped();
                        })
                        .build();
            });
        });
    }
}
