package io.simrt.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An actor wrapped in {@link BulkArrivals#inOrder} gets a message whose arrays are still arriving only once they
 * are in, and wire messages in the order they came; local messages are not held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkArrivalsTest {
    private ActorTestKit kit;

    /** A wire message standing for any other. */
    record Wire(String text) implements WireMessage {}

    /** A local message. */
    record Local(String text) implements NoSerializationVerificationNeeded {}

    @BeforeAll
    void start() {
        kit = ActorTestKit.create("bulk-arrivals");
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    /** Forwards every message it is handed to {@code seen}, as text. */
    private ActorRef<Object> recorder(TestProbe<String> seen) {
        Behavior<Object> inner = Behaviors.receiveMessage(m -> {
            seen.ref().tell(m instanceof Wire w ? w.text() : m instanceof Local l ? "local " + l.text() : "?" + m);
            return Behaviors.same();
        });
        return kit.spawn(BulkArrivals.inOrder(
                inner,
                (lost, cause) -> Optional.of(new Wire("lost " + ((Wire) lost).text() + ": " + cause.getMessage()))));
    }

    @Test
    void laterWireMessagesWaitForTheArraysOfAnEarlierOneAndLocalOnesDoNot() {
        TestProbe<String> seen = kit.createTestProbe();
        ActorRef<Object> actor = recorder(seen);
        CompletableFuture<Void> arrays = new CompletableFuture<>();
        actor.tell(new BulkDelivery(new Wire("big"), arrays));
        actor.tell(new Wire("small after big"));
        actor.tell(new BulkDelivery(new Wire("second big, already in"), CompletableFuture.completedFuture(null)));
        actor.tell(new Local("timer"));
        assertEquals("local timer", seen.receiveMessage(Duration.ofSeconds(5)));
        seen.expectNoMessage(Duration.ofMillis(300));

        arrays.complete(null);
        assertEquals("big", seen.receiveMessage(Duration.ofSeconds(5)));
        assertEquals("small after big", seen.receiveMessage(Duration.ofSeconds(5)));
        assertEquals("second big, already in", seen.receiveMessage(Duration.ofSeconds(5)));

        actor.tell(new Wire("nothing waits"));
        assertEquals("nothing waits", seen.receiveMessage(Duration.ofSeconds(5)));
    }

    @Test
    void aMessageWhoseArraysDidNotArriveIsReplacedByWhatTheActorSays() {
        TestProbe<String> seen = kit.createTestProbe();
        ActorRef<Object> actor = recorder(seen);
        CompletableFuture<Void> arrays = new CompletableFuture<>();
        actor.tell(new BulkDelivery(new Wire("big"), arrays));
        actor.tell(new Wire("next"));
        arrays.completeExceptionally(new IOException("peer gone"));
        assertEquals("lost big: peer gone", seen.receiveMessage(Duration.ofSeconds(5)));
        assertEquals("next", seen.receiveMessage(Duration.ofSeconds(5)));
    }
}
