package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.BatchWork;
import io.simrt.api.ClientKind;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.InJvmCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Engines are expendable: a coordinator that loses every engine says it waits, is not taken down by the cluster, and
 * finishes its work on engines that join later, bit for bit as if nothing had happened. (With Pekko's keep-oldest and
 * down-if-alone, the coordinator left alone downed itself and every batch failed.)
 */
class EngineLossTest {
    private static final Duration UP = Duration.ofSeconds(30);

    @Test
    void aCoordinatorWhoseEnginesAllDiedWaitsForNewOnesAndFinishesBitForBit() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("io.simrt");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        Ma2Abc model = Ma2Abc.observedFrom(RngFamily.FAST, 4, 0.6, 0.2, 100);
        try (InJvmCluster cluster = InJvmCluster.start(new int[] {0, 1, 1}, TestConfigs.base(), UP);
                RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.CLUSTER)) {
            client.awaitEngines(2, UP);
            BatchSimulator simulator = client.simulator(model);
            List<BatchRequest> requests = new ArrayList<>();
            List<CompletableFuture<BatchOutput>> outputs = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                BatchRequest r = BatchRequest.fromPrior(RngFamily.FAST, 99, i, 20_000);
                requests.add(r);
                outputs.add(simulator.submit(r));
            }
            outputs.get(0).get(60, TimeUnit.SECONDS);
            cluster.crash(1);
            cluster.crash(2);
            assertTrue(outputs.stream().anyMatch(f -> !f.isDone()), "work was left when every engine died");

            awaitLogged(lines, "no engine left: \\d+ shards of \\d+ requests wait", Duration.ofSeconds(30));
            // the failure detector and stable-after (2 s here) run their course: the dead engines are downed, not
            // the coordinator
            awaitLogged(lines, "this side runs a coordinator: unreachable members go; downing", Duration.ofSeconds(30));
            assertFalse(cluster.node(0).system().whenTerminated().isCompleted(), "the coordinator was downed");

            cluster.join(1, UP);
            cluster.join(1, UP);
            for (int i = 0; i < requests.size(); i++) {
                BatchOutput got = outputs.get(i).get(120, TimeUnit.SECONDS);
                assertEquals(BatchWork.run(model, requests.get(i)), got, "batch " + i);
            }
            awaitLogged(lines, "joined after \\d+ s without engines", Duration.ofSeconds(5));
            // the lost engines' shards were sent again, said at INFO by the request under its own class's name, which
            // io.simrt's level governs (the request names its logger at its first line, not when it starts)
            ILoggingEvent resent = awaitLogged(lines, "request \\d+: sending shard \\d+ again", Duration.ofSeconds(5));
            assertEquals("io.simrt.runtime.coordinator.ShardedRequest", resent.getLoggerName());
        } finally {
            log.detachAppender(lines);
        }
    }

    private static ILoggingEvent awaitLogged(ListAppender<ILoggingEvent> lines, String regex, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern p = Pattern.compile(regex);
        while (System.nanoTime() < deadline) {
            for (ILoggingEvent e : List.copyOf(lines.list)) {
                if (p.matcher(e.getFormattedMessage()).find()) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the coordinator never logged /" + regex + "/; it logged:\n"
                + lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }
}
