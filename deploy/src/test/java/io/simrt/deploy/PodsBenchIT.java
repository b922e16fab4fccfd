package io.simrt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The figures between pods for deploy/k8s/README.md ("On one machine"): {@code simrt bench apply-latency} and
 * {@code bench scatter-gather} run in the coordinator's pod (the Job's environment, its seed nodes) against three
 * engine pods, so every call crosses the bridge between two network namespaces; and the Job with PodsIT's long run
 * and no fault, the baseline its faults are measured against. Only on request, as it takes a few minutes: the
 * {@code pods-bench} profile (deploy/pom.xml). The benchmarks' JSON goes to stdout as {@code PODS-BENCH} lines.
 */
class PodsBenchIT {
    private static final Duration UP = Duration.ofSeconds(90);

    private Pods pods;

    @AfterEach
    void down() throws Exception {
        if (pods != null) {
            pods.close();
        }
    }

    @Test
    void applyLatencyAndScatterGatherBetweenPods() throws Exception {
        String why = Pods.unavailable();
        assertNull(why, why);
        pods = Pods.up(3);
        for (int k = 0; k < 3; k++) {
            pods.startEngine(k);
        }
        for (int k = 0; k < 3; k++) {
            pods.awaitReady(k, UP);
        }
        bench(List.of("bench", "apply-latency"));
        bench(List.of("bench", "scatter-gather"));
        long t0 = System.nanoTime();
        PodProcess job = pods.startJob(PodsIT.LONG);
        assertEquals(0, job.waitFor(Duration.ofMinutes(3)), job.err() + pods.logs());
        System.out.printf(
                "PODS-BENCH the Job with %s, no fault (start to exit): %.1f s%n",
                PodsIT.LONG, (System.nanoTime() - t0) / 1e9);
    }

    private void bench(List<String> bench) throws Exception {
        List<String> job = PodManifest.job("bench", Pods.NAMESPACE, "127.0.0.1").args();
        List<String> args = new ArrayList<>(bench);
        args.addAll(List.of(
                "--client",
                "cluster",
                "--seed-nodes",
                job.get(job.indexOf("--seed-nodes") + 1),
                "--min-engines",
                job.get(job.indexOf("--min-engines") + 1),
                "--port",
                job.get(job.indexOf("--port") + 1)));
        PodProcess p = pods.startInCoordinatorPod(String.join("-", bench), args);
        assertEquals(0, p.waitFor(Duration.ofMinutes(5)), p.err() + pods.logs());
        System.out.println("PODS-BENCH " + p.out().trim());
    }
}
