package io.simrt.runtime.node;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.DowningProvider;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * simrt's downing: engines are expendable, a running coordinator is not ({@link DowningDecision} states the rule).
 * Set in {@code simrt-node.conf} as {@code pekko.cluster.downing-provider-class}; a member unreachable for
 * {@code pekko.cluster.split-brain-resolver.stable-after} is decided on by the oldest member of each side.
 */
public final class EngineDowningProvider extends DowningProvider {
    private final Duration stableAfter;

    /** Pekko's constructor: one argument, the actor system. */
    public EngineDowningProvider(ActorSystem system) {
        this.stableAfter = system.settings().config().getDuration("pekko.cluster.split-brain-resolver.stable-after");
    }

    @Override
    public FiniteDuration downRemovalMargin() {
        return FiniteDuration.create(stableAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Option<Props> downingActorProps() {
        return Option.apply(EngineDowning.props(stableAfter));
    }
}
