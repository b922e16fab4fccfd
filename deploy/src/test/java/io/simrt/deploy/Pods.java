package io.simrt.deploy;

import io.simrt.cli.Simrt;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pod harness: {@code deploy/pods/pods.sh} makes the network (a namespace per pod on a private bridge), this
 * class plays the kubelet: it starts each pod's container command from the manifests ({@link PodManifest}) in the
 * pod's namespace, supplies what Kubernetes would (the Downward API, the Secret simrt-tls as a directory named by
 * {@code SIMRT_TLS_DIR}, the resource limits as the JVM would read them from cgroups), probes readiness as the
 * manifest says, and ends every process it started by pid. {@link #close} removes everything, also after a failure.
 */
final class Pods implements AutoCloseable {
    /** The Kubernetes namespace in the DNS names. */
    static final String NAMESPACE = "default";

    static final String COORDINATOR = "simrt-coordinator";

    private final Path script;
    private final Path tls;
    private final List<PodProcess> started = new CopyOnWriteArrayList<>();

    private Pods(Path script, Path tls) {
        this.script = script;
        this.tls = tls;
    }

    /** {@code deploy/pods/pods.sh}. */
    static Path script() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "pods", "pods.sh")
                .toAbsolutePath();
    }

    /** Why pods cannot be made here (not root, no {@code ip}, no namespaces), or null when they can. */
    static String unavailable() {
        try {
            Process id = new ProcessBuilder("id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!"0".equals(uid)) {
                return "the pod harness needs root (uid " + uid + ")";
            }
            Process p = new ProcessBuilder("sh", "-c", "ip netns add simrt-probe && ip netns del simrt-probe")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : "ip netns does not work here: " + out;
        } catch (IOException | InterruptedException e) {
            return "cannot check for ip netns: " + e;
        }
    }

    /** Removes whatever an earlier run left, then makes {@code n} engine pods and the coordinator's pod. */
    static Pods up(int n) throws IOException, InterruptedException {
        Pods pods = new Pods(script(), Files.createTempDirectory("simrt-pods-tls"));
        try {
            pods.sh("up", String.valueOf(n));
            pods.makeSecret();
            pods.makeClassData();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            pods.close();
            throw e;
        }
        return pods;
    }

    /**
     * The image's class-data archive (deploy/Containerfile): recorded by the same training run, an engine node
     * started and stopped, here in the coordinator's pod; made once per JVM and kept in {@code target/} while the
     * jar is unchanged. Pods start about a second and a half sooner with it, as in the image.
     */
    private void makeClassData() throws IOException, InterruptedException {
        synchronized (Pods.class) {
            Path jsa = classData();
            if (Files.isRegularFile(jsa)
                    && Files.getLastModifiedTime(jsa).compareTo(Files.getLastModifiedTime(jar())) > 0) {
                return;
            }
            Files.createDirectories(jsa.getParent());
            Files.deleteIfExists(jsa);
            List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), "exec", COORDINATOR));
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-jar", jar().toString()));
            cmd.addAll(List.of("engine", "--port", "0", "--engines", "1"));
            PodProcess training = PodProcess.start("class-data training run", cmd, Map.of("SIMRT_STORE", "none"));
            try {
                training.await("simrt engine node", Duration.ofSeconds(60));
                Thread.sleep(2_000); // its cluster and engines up, as in the image's 12 s run
                training.terminate(Duration.ofSeconds(30));
            } finally {
                if (training.isAlive()) {
                    training.kill();
                }
                training.deleteOutput();
            }
            if (!Files.isRegularFile(jsa) || Files.size(jsa) == 0) {
                throw new AssertionError("the training run made no class-data archive at " + jsa);
            }
        }
    }

    /** Where {@link #makeClassData} keeps the archive. */
    private static Path classData() {
        return jar().toAbsolutePath().resolveSibling("pods-cds").resolve("simrt.jsa");
    }

    /** What {@code simrt certs init} and {@code certs node simrt} make for the Secret simrt-tls (README.md, TLS). */
    private void makeSecret() {
        run("certs", "init", "--dir", tls.toString());
        run("certs", "node", "simrt", "--dir", tls.toString(), "--san", "*.simrt." + NAMESPACE + ".svc.cluster.local");
    }

    private static void run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Simrt.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        if (status != 0) {
            throw new AssertionError("simrt " + String.join(" ", args) + " failed (" + status + "): " + err);
        }
    }

    /** Runs {@code pods.sh args...}; returns its stdout. */
    String sh(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("pods.sh " + String.join(" ", args) + " failed:\n" + out);
        }
        return out.trim();
    }

    /** Adds pod {@code simrt-K} (a scale-up). */
    void add(String pod) throws IOException, InterruptedException {
        sh("add", pod);
    }

    String ip(String pod) throws IOException, InterruptedException {
        return sh("ip", pod);
    }

    /** Takes the pod's link down: a network partition, its processes untouched. */
    void partition(String pod) throws IOException, InterruptedException {
        sh("partition", pod);
    }

    void heal(String pod) throws IOException, InterruptedException {
        sh("heal", pod);
    }

    /** Starts the StatefulSet's container in pod {@code simrt-k}. */
    PodProcess startEngine(int k) throws IOException, InterruptedException {
        String pod = "simrt-" + k;
        return start(pod, PodManifest.engine(pod, NAMESPACE, ip(pod)), List.of());
    }

    /**
     * Starts the Job's container in the coordinator's pod, its args followed by {@code extraArgs}, logging at INFO
     * (the manifest leaves the level at WARN; {@code kubectl set env} would change it the same way) so that a test
     * can follow the run.
     */
    PodProcess startJob(List<String> extraArgs) throws IOException, InterruptedException {
        // the Job's pod has a generated name; its hostname is "coordinator" (job-abc.yaml)
        PodManifest m = PodManifest.job("simrt-abc-ma2-pod", NAMESPACE, ip(COORDINATOR));
        Map<String, String> env = new LinkedHashMap<>(m.env());
        env.put("SIMRT_LOG_LEVEL", "INFO");
        return start(
                COORDINATOR,
                new PodManifest(m.args(), env, m.ports(), m.readyPath(), m.readyPort(), m.cpuLimit(), m.memLimit()),
                extraArgs);
    }

    /** Starts {@code args} of the stock jar in the coordinator's pod with the Job's environment. */
    PodProcess startInCoordinatorPod(String name, List<String> args) throws IOException, InterruptedException {
        PodManifest m = PodManifest.job("simrt-abc-ma2-pod", NAMESPACE, ip(COORDINATOR));
        PodManifest other =
                new PodManifest(args, m.env(), m.ports(), m.readyPath(), m.readyPort(), m.cpuLimit(), m.memLimit());
        return start(COORDINATOR, other, List.of(), name);
    }

    private PodProcess start(String pod, PodManifest m, List<String> extraArgs)
            throws IOException, InterruptedException {
        return start(pod, m, extraArgs, pod);
    }

    private PodProcess start(String pod, PodManifest m, List<String> extraArgs, String name)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), "exec", pod));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // what the container's cgroup limits tell the JVM (JAVA_TOOL_OPTIONS' MaxRAMPercentage applies to it)
        cmd.add("-XX:MaxRAM=" + m.memLimit());
        cmd.add("-XX:ActiveProcessorCount=" + m.cpuLimit());
        // the cluster DNS of the headless Services
        cmd.add("-Djdk.net.hosts.file=" + sh("hosts"));
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(m.args());
        cmd.addAll(extraArgs);
        Map<String, String> env = new LinkedHashMap<>(m.env());
        // the image's environment (deploy/Containerfile): its class-data archive. Not its Vector API module: the
        // scalar kernel gives the same numbers, and the runs' lengths, which the scenarios are timed by, stay put.
        env.put("JDK_JAVA_OPTIONS", "-XX:SharedArchiveFile=" + classData());
        // the Secret simrt-tls, where the pod would have it mounted
        env.put("SIMRT_TLS_DIR", tls.resolve("simrt").toString());
        // the tests' rule: no run store in the user's home (the image has no such home either)
        env.put("SIMRT_STORE", "none");
        PodProcess p = PodProcess.start(name, cmd, env);
        started.add(p);
        return p;
    }

    /** Waits until the pod's readiness probe (the manifest's path and port at the pod's address) answers 200. */
    void awaitReady(int k, Duration timeout) throws IOException, InterruptedException {
        String pod = "simrt-" + k;
        PodManifest m = PodManifest.engine(pod, NAMESPACE, ip(pod));
        URI uri = URI.create("http://" + ip(pod) + ":" + m.readinessPort() + m.readyPath());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready(uri)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(pod + " was not ready (" + uri + ") within " + timeout + "\n" + logs());
            }
            Thread.sleep(200);
        }
    }

    /** The status of {@code GET path} on the pod's health port, asked from inside its namespace (as a kubelet). */
    String probeFromInside(String pod, String path) throws IOException, InterruptedException {
        PodManifest m = PodManifest.engine(pod, NAMESPACE, ip(pod));
        // bash's /dev/tcp: no HTTP client needs to be installed
        String get = "exec 3<>/dev/tcp/127.0.0.1/" + m.readinessPort() + " && printf 'GET " + path
                + " HTTP/1.0\\r\\n\\r\\n' >&3 && timeout 3 head -n 1 <&3";
        Process p = new ProcessBuilder("bash", script.toString(), "exec", pod, "bash", "-c", get)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    static boolean ready(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every pod process's stderr, for a failure's message. */
    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        for (PodProcess p : started) {
            b.append("\n---- ").append(p.name()).append(" (pid ").append(p.pid());
            b.append(", alive: ").append(p.isAlive()).append(")\n").append(p.err());
        }
        return b.toString();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("simrt.jar", "target/simrt.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the runnable jar " + jar.toAbsolutePath() + " is missing: mvn package");
        }
        return jar;
    }

    /** Ends every process started (by pid), removes the namespaces, links, bridge and the Secret's directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        for (PodProcess p : started) {
            if (p.isAlive()) {
                p.kill();
            }
            p.deleteOutput();
        }
        started.clear();
        try {
            sh("down");
        } finally {
            try (Stream<Path> files = Files.walk(tls)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
