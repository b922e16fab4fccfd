package io.simrt.cli;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code java -jar simrt.jar ...} process for multi-JVM tests: output captured to files, waits on what it
 * prints, and an end by pid: SIGTERM ({@link #terminate}) or SIGKILL ({@link #kill}). Every process started is
 * recorded so that a test can end them all whatever happened ({@link #endAll}).
 */
final class JvmProcess {
    private static final List<JvmProcess> STARTED = new CopyOnWriteArrayList<>();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final Random RANDOM = new Random();
    /** Fast failure detection so a killed node is downed within seconds. */
    static final List<String> FAST_CLUSTER_FLAGS = List.of(
            "-Dpekko.cluster.split-brain-resolver.stable-after=2s",
            "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=2s",
            "-Dpekko.cluster.failure-detector.heartbeat-interval=300ms",
            "-Dpekko.cluster.gossip-interval=300ms");

    private final String name;
    private int port;
    private final Process process;
    private final Path out;
    private final Path err;
    /** How it was started, for {@link #restart}. */
    private final List<String> jvmFlags;

    private final Map<String, String> env;
    private final String[] args;

    private JvmProcess(
            String name,
            Process process,
            Path out,
            Path err,
            List<String> jvmFlags,
            Map<String, String> env,
            String[] args) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.env = Map.copyOf(env);
        this.args = args.clone();
    }

    static JvmProcess start(String name, List<String> jvmFlags, Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JarProcess.javaBin(), "-Xmx384m", "-XX:+UseSerialGC"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", JarProcess.jar().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("simrt-" + name + "-out", ".txt");
        Path err = Files.createTempFile("simrt-" + name + "-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        JvmProcess p = new JvmProcess(name, pb.start(), out, err, jvmFlags, env, args);
        STARTED.add(p);
        return p;
    }

    /** An engine node on {@code port} with {@code engines} engines, joining {@code seed} (or none). */
    static JvmProcess engine(String name, int port, int engines, Integer seedPort) throws IOException {
        List<String> args = new ArrayList<>(
                List.of("engine", "--port", String.valueOf(port), "--engines", String.valueOf(engines)));
        if (seedPort != null) {
            args.addAll(List.of("--seed-nodes", "127.0.0.1:" + seedPort));
        }
        JvmProcess p = start(name, FAST_CLUSTER_FLAGS, Map.of(), args.toArray(String[]::new));
        p.port = port;
        return p;
    }

    /**
     * An engine node on {@code port} whose seed nodes are {@code seedPorts} on 127.0.0.1, in that order (the first
     * seed starts the cluster when no other seed answers).
     */
    static JvmProcess engineWithSeeds(String name, int port, int engines, List<Integer> seedPorts) throws IOException {
        List<String> seeds = seedPorts.stream().map(p -> "127.0.0.1:" + p).toList();
        JvmProcess p = start(
                name,
                FAST_CLUSTER_FLAGS,
                Map.of(),
                "engine",
                "--port",
                String.valueOf(port),
                "--engines",
                String.valueOf(engines),
                "--seed-nodes",
                String.join(",", seeds));
        p.port = port;
        return p;
    }

    /**
     * Engine nodes of one engine each on {@code ports}, joining {@code seeds}; returns once all are ready (the first,
     * the first seed, before the others start: it forms the cluster, they join it).
     */
    static List<JvmProcess> engines(List<Integer> ports, List<Integer> seeds, Duration up) throws Exception {
        List<JvmProcess> engines = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            engines.add(engineWithSeeds("engine-" + i, ports.get(i), 1, seeds));
            if (i == 0) {
                engines.get(0).awaitReady(up);
            }
        }
        for (JvmProcess e : engines) {
            e.awaitReady(up);
        }
        return engines;
    }

    /** {@code n} free ports on 127.0.0.1. */
    static List<Integer> freePorts(int n) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(freePort());
        }
        return ports;
    }

    /** The same command started again (after it ended or was killed): a new process, named {@code name-again}. */
    JvmProcess restart() throws IOException {
        JvmProcess p = start(name + "-again", jvmFlags, env, args);
        p.port = port;
        return p;
    }

    /** Sends {@code signal} (e.g. "STOP", "CONT") to the process by pid. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid()))
                .redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The remoting port of an engine node started by {@link #engine}. */
    int port() {
        return port;
    }

    /**
     * A port free on 127.0.0.1 now, below Linux's ephemeral range (32768 and up): ports the system hands out for
     * port 0 and for outgoing connections (other JVMs' bulk lanes and coordinators, any client socket) come from that
     * range, and took a port chosen there before its engine could bind it. Never the same port twice in this JVM.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20000 + RANDOM.nextInt(12000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port found between 20000 and 32000 on 127.0.0.1");
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** The file stderr goes to: for a test that follows a fast-growing log without reading it whole. */
    Path errFile() {
        return err;
    }

    /**
     * The processes this JVM started that are running now (children and theirs), by pid: an engine's external
     * workers. Empty once the JVM has ended (its children are then no longer its descendants).
     */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Waits until stdout or stderr matches {@code regex}; returns the first match. */
    Matcher await(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = p.matcher(out() + "\n" + err());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing /" + regex
                        + "/\nstdout:\n" + out() + "\nstderr:\n" + err());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not print /" + regex + "/ within " + timeout + "\nstdout:\n"
                        + out() + "\nstderr:\n" + err());
            }
            Thread.sleep(50);
        }
    }

    /** For an engine node: waits until its {@code /ready} endpoint answers 200. */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        String url = await("health (http://\\S+/ready)", timeout).group(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpURLConnection c =
                        (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " was not ready within " + timeout + "\nstderr:\n" + err());
            }
            Thread.sleep(100);
        }
    }

    /** Waits for the process to end; returns its exit status. */
    /**
     * Waits for this process to exit 0 and returns its stdout; on a timeout or another status fails with its stderr and
     * the logs of {@code others} (the engines of a coordinator that failed).
     */
    String succeeded(List<JvmProcess> others, Duration timeout) throws Exception {
        int status;
        try {
            status = waitFor(timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + logs(others), e);
        }
        if (status != 0) {
            throw new AssertionError(name + " failed (" + status + "):\n" + err() + logs(others));
        }
        return out();
    }

    /** The output of each of {@code processes}, for a failure's message. */
    static String logs(List<JvmProcess> processes) throws IOException {
        StringBuilder b = new StringBuilder();
        for (JvmProcess p : processes) {
            b.append("\n---- ")
                    .append(p.name())
                    .append(" (alive: ")
                    .append(p.isAlive())
                    .append(")\n");
            b.append(p.out()).append(p.err());
        }
        return b.toString();
    }

    int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    name + " (pid " + pid() + ") did not finish within " + timeout + "\nstderr:\n" + err());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crashed machine would. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM: the node leaves the cluster gracefully. */
    void terminate() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /**
     * Ends every process started so far, by pid (a stopped one is continued first, so that it can die), and the
     * processes each started that still run (external workers), by pid too.
     */
    static void endAll() throws InterruptedException {
        for (JvmProcess p : STARTED) {
            if (p.process.isAlive()) {
                p.process.descendants().forEach(ProcessHandle::destroyForcibly);
                try {
                    p.signal("CONT");
                } catch (IOException | AssertionError e) {
                    // already gone
                }
                p.process.toHandle().destroyForcibly();
                p.process.waitFor(20, TimeUnit.SECONDS);
            }
            try {
                Files.deleteIfExists(p.out);
                Files.deleteIfExists(p.err);
            } catch (IOException e) {
                // temp files; nothing else to do
            }
        }
        STARTED.clear();
    }
}
