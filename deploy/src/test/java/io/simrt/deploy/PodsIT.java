package io.simrt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.cli.AbcJson;
import io.simrt.cli.Simrt;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet and the coordinator Job of {@code deploy/k8s} on one machine ({@link Pods}): every pod a network
 * namespace with its own address and DNS name, a partition a link taken down. Each scenario ends with the native
 * answer bit for bit. Needs root and {@code ip netns} (fails otherwise, naming what is missing). Timings go to stdout as
 * {@code PODS-FIGURE} lines (target/failsafe-reports/io.simrt.deploy.PodsIT-output.txt).
 */
class PodsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(90);
    private static final Duration RUN = Duration.ofMinutes(3);
    /** The Job's run made long enough (about 30 s on three pods here) for a fault to land in the middle of it. */
    static final List<String> LONG = List.of("--simulations", "60000000");
    /** Exit status of an engine node the cluster downed ({@code EngineCommand.DOWNED}). */
    private static final int DOWNED = 75;

    private static final Map<List<String>, JsonNode> NATIVE = new HashMap<>();

    private Pods pods;

    @BeforeAll
    static void needsNamespaces() {
        String why = Pods.unavailable();
        assertNull(why, why); // part of the build: a machine that cannot make namespaces fails it
    }

    @BeforeEach
    void up() throws Exception {
        pods = Pods.up(3);
    }

    @AfterEach
    void down() throws Exception {
        if (pods != null) {
            pods.close();
        }
    }

    @AfterAll
    static void nothingLeft() throws Exception {
        // a test that failed before its pods were made may still have left a namespace from an earlier run
        if (Pods.unavailable() != null) {
            return;
        }
        new ProcessBuilder("bash", Pods.script().toString(), "down")
                .inheritIO()
                .start()
                .waitFor();
    }

    /** Starts simrt-0..n-1 at once (podManagementPolicy: Parallel); returns when all are ready. */
    private List<PodProcess> engines(int n) throws Exception {
        long t0 = System.nanoTime();
        List<PodProcess> engines = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            engines.add(pods.startEngine(k));
        }
        for (int k = 0; k < n; k++) {
            pods.awaitReady(k, UP);
        }
        figure("formation of " + n + " pods (start to all ready)", seconds(t0));
        return engines;
    }

    private JsonNode result(PodProcess job) throws Exception {
        int status = job.waitFor(RUN);
        assertEquals(0, status, job.name() + " failed:\n" + job.err() + pods.logs());
        return JSON.readTree(job.out());
    }

    /** The Job's args with {@code extra}, run in this JVM with {@code --client native}. */
    private static JsonNode nativeAbc(List<String> extra) throws Exception {
        JsonNode cached = NATIVE.get(extra);
        if (cached != null) {
            return cached;
        }
        List<String> args = new ArrayList<>();
        List<String> job =
                PodManifest.job("native", Pods.NAMESPACE, "127.0.0.1").args();
        List<String> clusterOnly = List.of("--client", "--seed-nodes", "--min-engines", "--port");
        for (int i = 0; i < job.size(); i++) {
            if (clusterOnly.contains(job.get(i))) {
                i++;
            } else {
                args.add(job.get(i));
            }
        }
        args.addAll(extra);
        args.addAll(List.of("--client", "native"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Simrt.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        JsonNode r = JSON.readTree(out.toString());
        NATIVE.put(extra, r);
        return r;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void figure(String what, double seconds) {
        System.out.printf("PODS-FIGURE %s: %.1f s%n", what, seconds);
    }

    @Test
    void theClusterFormsFromTheDnsNamesAndTheJobRunsToCompletion() throws Exception {
        List<PodProcess> engines = engines(3);
        long t0 = System.nanoTime();
        PodProcess job = pods.startJob(List.of());
        JsonNode r = result(job);
        figure("the Job as written (start to exit)", seconds(t0));
        // two engines per pod: SIMRT_ENGINES=0 is one per CPU, and the CPU limit is 2
        for (PodProcess e : engines) {
            assertTrue(e.out().contains(": 2 engines, seeds"), e.name() + ": " + e.out());
        }
        // the Job starts once --min-engines (3) are registered; a short run may end before the others are claimed
        assertTrue(r.get("engines").asInt() >= 3, "the Job ran on fewer than its --min-engines: " + r);
        // the engines saw the Job's pod join under its stable name (service-coordinator.yaml)
        assertTrue(
                engines.get(0).err().contains("coordinator.simrt-coordinator.default.svc.cluster.local:17355"),
                engines.get(0).err());
        AbcJson.assertSameAbc(nativeAbc(List.of()), r);
    }

    @Test
    void anEnginePodCutOffIsDownedAndRestartedAndTheRunFinishesIdentically() throws Exception {
        List<PodProcess> engines = engines(3);
        long t0 = System.nanoTime();
        PodProcess job = pods.startJob(LONG);
        job.await("got its first shard", UP);
        // the Job starts once --min-engines (3) are registered: cut simrt-2 off only once its engines are the Job's
        // too, or nothing of the run is lost and the run ends on the other pods without the fault it is here for
        job.await("\\(6 in all\\)", UP);
        pods.partition("simrt-2");
        long cut = System.nanoTime();
        // the coordinator's side downs it: stable-after (7 s) after the failure detector gave up on it
        job.await("lost engine simrt-2", Duration.ofSeconds(60));
        figure("partition to the coordinator losing simrt-2's engines", seconds(cut));
        // the oldest member of the coordinator's side downs it (DowningDecision, case 1) ...
        engines.get(0).await("downing \\[pekko://simrt@simrt-2\\.simrt", Duration.ofSeconds(60));
        // ... and simrt-2, alone and cut off from a coordinator that has engines, downs itself (case 3)
        engines.get(2).await("it leaves, to rejoin; downing \\[pekko://simrt@simrt-2\\.simrt", Duration.ofSeconds(60));
        figure("partition to simrt-2 downing itself", seconds(cut));
        // healed at once: the partition has lasted well past the failure detector's pause, both sides have decided
        pods.heal("simrt-2");
        long healed = System.nanoTime();
        // a downed node ends its process, within 30 s of its shutdown's start even when that shutdown cannot finish
        assertEquals(
                DOWNED,
                engines.get(2).waitFor(Duration.ofSeconds(60)),
                engines.get(2).err());
        figure("heal to simrt-2 exiting with status 75", seconds(healed));
        // the kubelet restarts the exited container (restartPolicy Always); it rejoins under the same name
        long restart = System.nanoTime();
        pods.startEngine(2);
        pods.awaitReady(2, UP);
        figure("restarted simrt-2 ready again", seconds(restart));
        JsonNode r = result(job);
        figure("the long run with simrt-2 partitioned (start to exit)", seconds(t0));
        AbcJson.assertSameAbc(nativeAbc(LONG), r);
        assertTrue(engines.get(0).isAlive() && engines.get(1).isAlive(), "the other pods go on" + pods.logs());
    }

    @Test
    void theCoordinatorsPodCutOffKeepsItsRunAndGetsEnginesBackWhenTheyAllRestart() throws Exception {
        List<PodProcess> engines = engines(3);
        long t0 = System.nanoTime();
        PodProcess job = pods.startJob(LONG);
        job.await("got its first shard", UP);
        pods.partition(Pods.COORDINATOR);
        long cut = System.nanoTime();
        // the coordinator's side downs every engine it cannot reach and waits (DowningDecision, case 1) ...
        job.await("no engine left: \\d+ shards of \\d+ requests wait", Duration.ofSeconds(60));
        figure("coordinator partition to its 'no engine left'", seconds(cut));
        job.await("downing \\[pekko://simrt@simrt-0", Duration.ofSeconds(60));
        // ... and the engines' side downs the coordinator only and goes on (case 3, coordinators only)
        engines.get(0).await("downing \\[pekko://simrt@coordinator\\.simrt-coordinator", Duration.ofSeconds(60));
        // healed before its own side has removed the engines, the coordinator would learn that they quarantined it
        // and down itself (EngineDowning): the Job fails and is retried (backoffLimit). Leave time for the removal.
        Thread.sleep(5_000);
        figure("coordinator partition, both sides decided, healed", seconds(cut));
        pods.heal(Pods.COORDINATOR);
        // healed, the two sides stay two clusters (a member that was removed never comes back under the same
        // incarnation): the engines run on without a coordinator, the Job keeps waiting
        Thread.sleep(6_000);
        for (PodProcess e : engines) {
            assertTrue(e.isAlive(), e.name() + " went down after the heal:\n" + e.err());
        }
        assertTrue(job.isAlive(), "the Job gave up:\n" + job.err());
        assertTrue(!job.err().contains("without engines:"), "an engine came back without a restart:\n" + job.err());
        // the remedy: every engine pod restarted at once (kubectl delete pod -l app.kubernetes.io/component=engine).
        // simrt-1 and simrt-2 can only join a cluster that exists: the coordinator's. simrt-0, the first seed, finds
        // the coordinator listening and waits for its answer instead of forming a cluster of its own (FirstSeed)
        long restart = System.nanoTime();
        for (PodProcess e : engines) {
            e.stop();
        }
        for (PodProcess e : engines) {
            e.waitFor(Duration.ofSeconds(60));
        }
        List<PodProcess> restarted = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            restarted.add(pods.startEngine(k));
        }
        job.await("joined after \\d+ s without engines", UP);
        figure("all engine pods restarted to the Job having engines again", seconds(restart));
        pods.awaitReady(0, UP);
        // simrt-0 joined the coordinator's cluster, not one of its own: it saw the coordinator as a member
        restarted.get(0).await("MemberUp pekko://simrt@coordinator\\.simrt-coordinator", UP);
        JsonNode r = result(job);
        figure("the long run with the coordinator partitioned (start to exit)", seconds(t0));
        AbcJson.assertSameAbc(nativeAbc(LONG), r);
    }

    @Test
    void aRollingRestartDuringARunLeavesTheAnswerIdentical() throws Exception {
        List<PodProcess> engines = new ArrayList<>(engines(3));
        long t0 = System.nanoTime();
        PodProcess job = pods.startJob(LONG);
        job.await("got its first shard", UP);
        long roll = System.nanoTime();
        // kubectl rollout restart: highest ordinal first, one pod at a time (the PDB's maxUnavailable: 1), the next
        // only once the new one is ready
        for (int k = 2; k >= 0; k--) {
            // the roll starts during the run; on a quiet machine the run (about 45 s) may end before the last pod
            if (k == 2) {
                assertTrue(job.isAlive(), "the run ended before the rolling restart began: make it longer");
            }
            assertEquals(
                    0,
                    engines.get(k).terminate(Duration.ofSeconds(60)),
                    engines.get(k).err());
            engines.set(k, pods.startEngine(k));
            pods.awaitReady(k, UP);
        }
        figure("rolling restart of 3 pods", seconds(roll));
        JsonNode r = result(job);
        figure("the long run with a rolling restart (start to exit)", seconds(t0));
        AbcJson.assertSameAbc(nativeAbc(LONG), r);
    }

    @Test
    void scalingFromThreeToFiveAndBackDuringARunLeavesTheAnswerIdentical() throws Exception {
        List<PodProcess> engines = new ArrayList<>(engines(3));
        long t0 = System.nanoTime();
        PodProcess job = pods.startJob(LONG);
        job.await("got its first shard", UP);
        long scale = System.nanoTime();
        // kubectl scale --replicas=5: simrt-3 and simrt-4 together (podManagementPolicy: Parallel), not seeds
        for (int k = 3; k < 5; k++) {
            pods.add("simrt-" + k);
            engines.add(pods.startEngine(k));
        }
        for (int k = 3; k < 5; k++) {
            pods.awaitReady(k, UP);
        }
        job.await("\\(10 in all\\)", UP);
        figure("scale 3 to 5 (to the Job owning 10 engines)", seconds(scale));
        // kubectl scale --replicas=3: both extra pods stopped at once (Parallel again), each leaving gracefully; the
        // scale-down starts during the run (it may end while they leave)
        assertTrue(job.isAlive(), "the run ended before the scale-down: make it longer");
        for (int k = 3; k < 5; k++) {
            engines.get(k).stop();
        }
        for (int k = 3; k < 5; k++) {
            assertEquals(
                    0,
                    engines.get(k).waitFor(Duration.ofSeconds(60)),
                    engines.get(k).err());
        }
        JsonNode r = result(job);
        figure("the long run scaled 3 to 5 to 3 (start to exit)", seconds(t0));
        AbcJson.assertSameAbc(nativeAbc(LONG), r);
    }
}
