package io.simrt.runtime.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.EngineFailedException;
import io.simrt.api.NativeClient;
import io.simrt.api.RemoteException;
import io.simrt.api.Task;
import io.simrt.config.HostPort;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.testtasks.Tasks;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Launcher mode and the rules for user task classes. */
class LauncherAndTasksTest {

    @Test
    void rankComesFromConfigThenThePodOrdinal() {
        var auto = ConfigFactory.parseString("simrt.launcher.rank = -1").withFallback(ConfigFactory.load());
        assertEquals(3, Launcher.rank(auto, Map.of("POD_NAME", "simrt-3")));
        assertEquals(12, Launcher.rank(auto, Map.of("HOSTNAME", "workers-12")));
        assertEquals(0, Launcher.rank(auto, Map.of("HOSTNAME", "laptop")));
        var fixed = ConfigFactory.parseString("simrt.launcher.rank = 5").withFallback(ConfigFactory.load());
        assertEquals(5, Launcher.rank(fixed, Map.of("POD_NAME", "simrt-3")));
    }

    @Test
    void rankZeroDrivesWhileTheOthersServe() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var overrides = ConfigFactory.parseString("pekko.actor.serialize-messages = on");
        List<HostPort> seeds = List.of(new HostPort("127.0.0.1", port));
        // rank 1: an engine node that is its own first seed
        try (SimrtNode engine = Launcher.serve(new Launcher.Setup(1, "127.0.0.1", port, seeds, 1, 2), overrides)) {
            List<Integer> out = new ArrayList<>();
            Launcher.run(
                    new Launcher.Setup(0, "127.0.0.1", 0, seeds, 2, 0),
                    engines -> {
                        assertEquals(2, engines.ids().size());
                        engines.parallel()
                                .imap(new Tasks.Twice(), List.of(1, 2, 3))
                                .forEachRemaining(out::add);
                    },
                    overrides);
            assertEquals(List.of(2, 4, 6), out);
        }
    }

    @Test
    void taskClassesOutsideTheAllowedPackagesAreRefusedNamingClassAndEngine() {
        try (RuntimeClient client = RuntimeClient.local(
                        1, 1, ConfigFactory.parseString("simrt.engine.allowed-packages = [\"io.simrt.models.\"]"));
                Engines engines = Engines.of(client)) {
            EngineFailedException e = assertThrows(
                    EngineFailedException.class, () -> engines.view(0).apply(new Tasks.WhoAmI()));
            assertTrue(
                    e.getMessage()
                            .contains("task class " + Tasks.WhoAmI.class.getName()
                                    + " is not in the allowed packages [io.simrt.models.] of engine "
                                    + engines.ids().get(0)),
                    e.getMessage());
        }
    }

    @Test
    void aTaskClassMissingOnTheEngineIsNamedWithTheEngine() throws Exception {
        try (RuntimeClient client = RuntimeClient.local(1, 1, ConfigFactory.empty())) {
            String engine = client.engineList().owned().get(0).engineId();
            Plan<Object> plan = Plan.single(
                    "a task nobody has",
                    new Work.Apply(new TaskEnvelope("io.simrt.nowhere.MissingTask", "{}")),
                    r -> r);
            ExecutionException e = assertThrows(
                    ExecutionException.class, () -> client.submit(plan).get(30, TimeUnit.SECONDS));
            RemoteException remote = (RemoteException) e.getCause();
            assertEquals(engine, remote.engineId());
            assertTrue(
                    remote.getMessage()
                            .contains("task class io.simrt.nowhere.MissingTask is not on the classpath " + "of engine "
                                    + engine),
                    remote.getMessage());
        }
    }

    @Test
    void lambdasAreRefusedBeforeAnythingIsSent() {
        try (Engines engines = Engines.of(NativeClient.create())) {
            Task<String> lambda = ctx -> "x";
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> engines.view(0).apply(lambda));
            assertTrue(e.getMessage().contains("a lambda cannot travel"), e.getMessage());
        }
    }
}
