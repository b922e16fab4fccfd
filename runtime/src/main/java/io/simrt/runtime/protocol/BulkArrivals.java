package io.simrt.runtime.protocol;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an actor its messages from other nodes only once their arrays have arrived from the bulk lane, in the order
 * they came. While a {@link BulkDelivery} is still being fetched, later wire messages wait behind it (so a
 * {@code Push} of a large value still comes before the {@code Pull} that reads it); local messages (timers,
 * notices from this node's actors) go straight through. Waiting costs no thread: the actor is told when the fetch
 * ends.
 *
 * <p>An actor that may be sent arrays must be wrapped: one that is not would receive the {@code BulkDelivery}
 * itself and not understand it.
 */
public final class BulkArrivals {
    private static final Logger LOG = LoggerFactory.getLogger(BulkArrivals.class);

    private BulkArrivals() {}

    /**
     * Wraps {@code behavior}.
     *
     * @param onLost what becomes of a message whose arrays could not be fetched (the peer is gone, or did not answer
     *               within {@code simrt.bulk.io-timeout}): a message to hand on in its place (a failure reply), or
     *               empty to drop it, after telling whoever waits for it
     */
    @SuppressWarnings("unchecked")
    public static <T> Behavior<T> inOrder(Behavior<T> behavior, BiFunction<Object, IOException, Optional<T>> onLost) {
        Behavior<Object> outer = Behaviors.intercept(() -> new InOrder<T>(onLost), behavior);
        return (Behavior<T>) (Behavior<?>) outer;
    }

    /** Tells the actor to look at the head of what waits again. */
    private enum Next implements NoSerializationVerificationNeeded {
        INSTANCE
    }

    private static final class InOrder<T> extends BehaviorInterceptor<Object, T> {
        private final BiFunction<Object, IOException, Optional<T>> onLost;
        /** Wire messages waiting behind one whose arrays are being fetched, in arrival order. */
        private final ArrayDeque<Object> waiting = new ArrayDeque<>();
        /** A {@link Next} is on its way. */
        private boolean nextPending;

        InOrder(BiFunction<Object, IOException, Optional<T>> onLost) {
            super(Object.class);
            this.onLost = onLost;
        }

        @Override
        public Behavior<T> aroundReceive(TypedActorContext<Object> ctx, Object msg, ReceiveTarget<T> target) {
            if (msg == Next.INSTANCE) {
                nextPending = false;
                return next(ctx, target);
            }
            if (!(msg instanceof BulkDelivery) && !(msg instanceof WireMessage)) {
                return target.apply(ctx, cast(msg)); // local: not ordered with what came over the wire
            }
            if (waiting.isEmpty() && arrived(msg)) {
                return deliver(ctx, msg, target);
            }
            waiting.addLast(msg);
            watchHead(ctx);
            return Behaviors.same();
        }

        /** Delivers the head if its arrays are in (one message per call, so each goes to the current behavior). */
        private Behavior<T> next(TypedActorContext<Object> ctx, ReceiveTarget<T> target) {
            Object head = waiting.peekFirst();
            if (head == null) {
                return Behaviors.same();
            }
            if (!arrived(head)) {
                watchHead(ctx);
                return Behaviors.same();
            }
            waiting.pollFirst();
            if (!waiting.isEmpty()) {
                tellNext(ctx.asJava().getSelf());
            }
            return deliver(ctx, head, target);
        }

        private void watchHead(TypedActorContext<Object> ctx) {
            if (nextPending) {
                return;
            }
            Object head = waiting.peekFirst();
            ActorRef<Object> self = ctx.asJava().getSelf();
            nextPending = true;
            if (head instanceof BulkDelivery d && !d.isDone()) {
                d.arrived().whenComplete((ok, e) -> self.tell(Next.INSTANCE));
            } else {
                self.tell(Next.INSTANCE);
            }
        }

        private void tellNext(ActorRef<Object> self) {
            if (!nextPending) {
                nextPending = true;
                self.tell(Next.INSTANCE);
            }
        }

        private Behavior<T> deliver(TypedActorContext<Object> ctx, Object msg, ReceiveTarget<T> target) {
            if (!(msg instanceof BulkDelivery d)) {
                return target.apply(ctx, cast(msg));
            }
            Optional<IOException> failure = d.failure();
            if (failure.isEmpty()) {
                return target.apply(ctx, cast(d.message()));
            }
            LOG.warn(
                    "{}: the arrays of a {} did not arrive: {}",
                    ctx.asJava().getSelf().path(),
                    d.message().getClass().getSimpleName(),
                    failure.get().getMessage());
            Optional<T> instead = onLost.apply(d.message(), failure.get());
            return instead.isPresent() ? target.apply(ctx, instead.get()) : Behaviors.same();
        }

        private static boolean arrived(Object msg) {
            return !(msg instanceof BulkDelivery d) || d.isDone();
        }

        @SuppressWarnings("unchecked")
        private T cast(Object msg) {
            return (T) msg;
        }
    }
}
