package io.simrt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.simrt.cli.Simrt;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.node.TlsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests, the kubernetes and tls profiles (simrt-kubernetes.conf, simrt-tls.conf), the Secret
 * {@code simrt certs k8s-secret} prints and the Containerfile agree on names, ports, labels, seed nodes and files.
 * Objects come from the validator ({@link K8sValidator}), so the plaintext variants are the ones kustomize and kubectl
 * patch produce.
 */
class ManifestConsistencyTest {
    private static final String NAMESPACE = "test-ns";
    private static final String REMOTING = "remoting";
    private static final String HEALTH = "health";
    private static final String TLS_SECRET = "simrt-tls";

    private static List<JsonNode> objects;
    private static JsonNode service;
    private static JsonNode coordinatorService;
    private static JsonNode statefulSet;
    private static JsonNode pdb;
    private static JsonNode job;
    private static JsonNode userModelJob;

    @BeforeAll
    static void load() throws Exception {
        objects = K8sManifests.objects();
        service = K8sManifests.object(objects, "base", "Service", "simrt");
        coordinatorService = K8sManifests.object(objects, "base", "Service", "simrt-coordinator");
        statefulSet = K8sManifests.object(objects, "base", "StatefulSet");
        pdb = K8sManifests.object(objects, "base", "PodDisruptionBudget");
        job = K8sManifests.object(objects, "base", "Job", "simrt-abc-ma2");
        userModelJob = K8sManifests.object(objects, "base", "Job", "simrt-sir");
    }

    /**
     * simrt-kubernetes.conf resolved against {@code env} instead of the real environment: ${?VAR} finds VAR among
     * the root keys before it would look in the environment, which noSystem() leaves out.
     */
    private static Config profile(Map<String, String> env) {
        Config conf = ConfigFactory.parseResources("simrt-kubernetes.conf");
        assertFalse(conf.isEmpty(), "simrt-kubernetes.conf is not on the classpath");
        return conf.withFallback(ConfigFactory.parseMap(env)).resolve(ConfigResolveOptions.noSystem());
    }

    private static Map<String, String> podFields(String podName) {
        return Map.of("metadata.name", podName, "metadata.namespace", NAMESPACE, "status.podIP", "10.1.2.3");
    }

    private static int replicas() {
        return statefulSet.at("/spec/replicas").asInt();
    }

    private static String podName(int ordinal) {
        return statefulSet.at("/metadata/name").asText() + "-" + ordinal;
    }

    private static List<String> seeds(JsonNode container, String podName) {
        return List.of(K8sManifests.env(container, podFields(podName))
                .get("SIMRT_SEED_NODES")
                .split(","));
    }

    @Test
    void serviceIsHeadlessAndExposesOnlyRemoting() {
        JsonNode engine = K8sManifests.container(statefulSet);
        assertEquals("None", service.at("/spec/clusterIP").asText());
        assertTrue(service.at("/spec/publishNotReadyAddresses").asBoolean(), "seeds must resolve before ready");
        assertEquals(
                statefulSet.at("/spec/serviceName").asText(),
                service.at("/metadata/name").asText());
        JsonNode ports = service.at("/spec/ports");
        assertEquals(1, ports.size(), "the Service lists only the remoting port: " + ports);
        JsonNode port = ports.get(0);
        assertEquals(REMOTING, port.get("name").asText());
        assertEquals(
                K8sManifests.containerPort(engine, REMOTING), port.get("port").asInt());
        String target = port.get("targetPort").asText();
        assertTrue(
                target.equals(REMOTING)
                        || target.equals(String.valueOf(port.get("port").asInt())),
                target);
        int health = K8sManifests.containerPort(engine, HEALTH);
        for (JsonNode p : ports) {
            assertNotEquals(health, p.get("port").asInt(), "the health port stays out of the Service");
            assertNotEquals(HEALTH, p.path("targetPort").asText(), "the health port stays out of the Service");
        }
    }

    @Test
    void portsAndProbesAgreeWithTheProfile() {
        JsonNode engine = K8sManifests.container(statefulSet);
        Config conf = profile(Map.of());
        assertEquals(conf.getInt("pekko.remote.artery.canonical.port"), K8sManifests.containerPort(engine, REMOTING));
        assertEquals("0.0.0.0", conf.getString("pekko.remote.artery.bind.hostname"));
        assertEquals(conf.getInt("simrt.health.port"), K8sManifests.containerPort(engine, HEALTH));
        assertEquals("0.0.0.0", conf.getString("simrt.health.bind-hostname"));
        assertEquals(conf.getInt("simrt.bulk.port"), K8sManifests.containerPort(engine, "bulk"));
        // the dashboard and /metrics: on in the profile, on the pod IP, where the scrape annotations point
        assertTrue(conf.getBoolean("simrt.dashboard.enabled"));
        assertEquals("0.0.0.0", conf.getString("simrt.dashboard.bind-hostname"));
        int dashboard = K8sManifests.containerPort(engine, "dashboard");
        assertEquals(conf.getInt("simrt.dashboard.port"), dashboard);
        JsonNode annotations = statefulSet.at("/spec/template/metadata/annotations");
        assertEquals("true", annotations.path("prometheus.io/scrape").asText());
        assertEquals(
                String.valueOf(dashboard),
                annotations.path("prometheus.io/port").asText());
        assertEquals("/metrics", annotations.path("prometheus.io/path").asText());

        Map<String, String> env = K8sManifests.env(engine, podFields(podName(0)));
        assertEquals(String.valueOf(K8sManifests.containerPort(engine, REMOTING)), env.get("SIMRT_PORT"));
        assertFalse(
                env.containsKey("SIMRT_HEALTH_PORT")
                        && !env.get("SIMRT_HEALTH_PORT").equals(String.valueOf(conf.getInt("simrt.health.port"))),
                "SIMRT_HEALTH_PORT disagrees");
        assertEquals("kubernetes", env.get("SIMRT_PROFILE"));
        assertEquals(statefulSet.at("/spec/serviceName").asText(), env.get("SIMRT_SERVICE"));

        assertProbe(engine, "readinessProbe", "/ready");
        assertProbe(engine, "livenessProbe", "/alive");
        if (engine.has("startupProbe")) {
            assertProbe(engine, "startupProbe", "/alive");
        }
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        assertEquals(path, get.path("path").asText(), probe);
        String port = get.path("port").asText();
        assertTrue(
                port.equals(HEALTH) || port.equals(String.valueOf(K8sManifests.containerPort(container, HEALTH))),
                probe + " port " + port);
    }

    /** The coordinator Job's stable name as a seed: hostname.subdomain.namespace.svc.cluster.local:port. */
    private static String coordinatorSeed() {
        JsonNode spec = job.at("/spec/template/spec");
        return spec.at("/hostname").asText() + "." + spec.at("/subdomain").asText() + "." + NAMESPACE
                + ".svc.cluster.local:" + K8sManifests.arg(K8sManifests.container(job), "--port");
    }

    @Test
    void seedNodesAreTheStatefulSetsOwnPodsThenTheCoordinator() {
        JsonNode engine = K8sManifests.container(statefulSet);
        List<String> seeds = seeds(engine, podName(0));
        assertEquals(
                replicas() + 1, seeds.size(), "every pod of the initial replica count, and the coordinator: " + seeds);
        assertEquals(coordinatorSeed(), seeds.get(replicas()), "the coordinator's stable name comes last");
        int port = K8sManifests.containerPort(engine, REMOTING);
        for (int i = 0; i < replicas(); i++) {
            // simrt-0 first: only the first seed forms a new cluster by joining itself
            assertEquals(
                    podName(i) + "." + service.at("/metadata/name").asText() + "." + NAMESPACE + ".svc.cluster.local:"
                            + port,
                    seeds.get(i));
        }
    }

    @Test
    void eachPodAdvertisesExactlyItsSeedAddress() {
        JsonNode engine = K8sManifests.container(statefulSet);
        int port = K8sManifests.containerPort(engine, REMOTING);
        for (int i = 0; i < replicas(); i++) {
            Map<String, String> env = K8sManifests.env(engine, podFields(podName(i)));
            String own = podName(i) + "." + service.at("/metadata/name").asText() + "." + NAMESPACE
                    + ".svc.cluster.local:" + port;
            List<String> seeds = seeds(engine, podName(i));
            if (i < seeds.size()) {
                assertEquals(own, seeds.get(i), "seed " + i);
            }
            // the profile with the pod's whole environment (SIMRT_HOST included), and from the downward API alone
            Map<String, String> downward = new HashMap<>(env);
            downward.remove("SIMRT_HOST");
            for (Config conf : List.of(profile(env), profile(downward))) {
                assertEquals(
                        own,
                        conf.getString("pekko.remote.artery.canonical.hostname") + ":"
                                + conf.getInt("pekko.remote.artery.canonical.port"),
                        podName(i));
            }
        }
        // Seeds become pekko://simrt@host:port and a node's address is pekko://simrt@canonical-host:port: both
        // with SimrtNode.SYSTEM_NAME, the name deploy/k8s/README.md gives.
        assertEquals("simrt", SimrtNode.SYSTEM_NAME);
    }

    @Test
    void profileResolvesOutsideAPod() {
        Config bare = profile(Map.of());
        assertEquals(
                "localhost.simrt.default.svc.cluster.local", bare.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(17355, bare.getInt("pekko.remote.artery.canonical.port"));
        assertEquals(
                "10.0.0.9",
                profile(Map.of("SIMRT_HOST", "10.0.0.9")).getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(
                "simrt-4.sim.ns.svc.k8s.example",
                profile(Map.of(
                                "HOSTNAME",
                                "simrt-4",
                                "SIMRT_SERVICE",
                                "sim",
                                "POD_NAMESPACE",
                                "ns",
                                "SIMRT_CLUSTER_DOMAIN",
                                "k8s.example"))
                        .getString("pekko.remote.artery.canonical.hostname"));
        // and with whatever this machine's environment holds
        ConfigFactory.parseResources("simrt-kubernetes.conf")
                .resolve()
                .getString("pekko.remote.artery.canonical.hostname");
    }

    @Test
    void selectorsMatchThePodsAndNotTheCoordinator() {
        JsonNode podLabels = statefulSet.at("/spec/template/metadata/labels");
        JsonNode jobLabels = job.at("/spec/template/metadata/labels");
        for (JsonNode selector : List.of(
                statefulSet.at("/spec/selector/matchLabels"),
                service.at("/spec/selector"),
                pdb.at("/spec/selector/matchLabels"))) {
            assertTrue(selector.size() > 0);
            assertTrue(matches(selector, podLabels), selector + " does not select the engine pods " + podLabels);
            assertFalse(matches(selector, jobLabels), selector + " selects the coordinator Job's pod");
        }
        // the coordinator's Service publishes the Job pod's name, and no engine's
        JsonNode coordinatorSelector = coordinatorService.at("/spec/selector");
        assertTrue(matches(coordinatorSelector, jobLabels), coordinatorSelector + " misses the Job's pod");
        assertFalse(matches(coordinatorSelector, podLabels), coordinatorSelector + " selects engine pods");
        assertEquals(
                coordinatorService.at("/metadata/name").asText(),
                job.at("/spec/template/spec/subdomain").asText(),
                "a pod's hostname.subdomain record needs a headless Service named as the subdomain");
        assertEquals("None", coordinatorService.at("/spec/clusterIP").asText());
        assertTrue(coordinatorService.at("/spec/publishNotReadyAddresses").asBoolean());
        assertEquals(1, pdb.at("/spec/maxUnavailable").asInt());
        assertEquals("Parallel", statefulSet.at("/spec/podManagementPolicy").asText());
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void coordinatorJobJoinsTheSameSeeds() {
        JsonNode coordinator = K8sManifests.container(job);
        JsonNode engine = K8sManifests.container(statefulSet);
        Map<String, String> env = K8sManifests.env(coordinator, podFields("simrt-abc-ma2-x7k2p"));
        String jobSeeds = K8sManifests.expand(K8sManifests.arg(coordinator, "--seed-nodes"), env);
        assertEquals(String.join(",", seeds(engine, podName(0)).subList(0, replicas())), jobSeeds);
        assertEquals("cluster", K8sManifests.arg(coordinator, "--client"));
        assertEquals("abc", coordinator.at("/args/0").asText());
        assertTrue(coordinator.toString().contains("\"--json\""));
        assertEquals(engine.get("image").asText(), coordinator.get("image").asText());
        // it advertises its stable name, the engines' last seed, on the port that seed names
        Config conf = profile(env);
        assertEquals(
                coordinatorSeed(),
                conf.getString("pekko.remote.artery.canonical.hostname") + ":"
                        + K8sManifests.arg(coordinator, "--port"));
        assertEquals(
                String.valueOf(K8sManifests.containerPort(engine, REMOTING)), K8sManifests.arg(coordinator, "--port"));
        assertEquals(
                env.get("SIMRT_PROFILE"),
                K8sManifests.env(engine, podFields(podName(0))).get("SIMRT_PROFILE"));
        // the engines it waits for exist: replicas x one engine per CPU of the limit
        int minEngines = Integer.parseInt(K8sManifests.arg(coordinator, "--min-engines"));
        int cpus = (int)
                Math.floor(Double.parseDouble(engine.at("/resources/limits/cpu").asText()));
        assertTrue(minEngines >= 1 && minEngines <= replicas() * cpus, "--min-engines " + minEngines);
        assertEquals(
                "0",
                K8sManifests.env(engine, podFields(podName(0))).get("SIMRT_ENGINES"),
                "one engine per CPU: the JVM takes the processor count from the CPU limit");
        assertTrue(job.at("/spec/backoffLimit").isInt()
                && job.at("/spec/ttlSecondsAfterFinished").isInt());
    }

    @Test
    void tlsIsTheDefaultAndTheSameForEnginesAndCoordinator() {
        // where the tls profile looks for its stores and password files when SIMRT_TLS_DIR is not set
        String tlsDir = ConfigFactory.parseResources("simrt-tls.conf")
                .resolve(ConfigResolveOptions.noSystem())
                .getString("simrt.tls.dir");
        List<String> parts = new ArrayList<>();
        for (JsonNode w : List.of(statefulSet, job, userModelJob)) {
            String kind = w.get("kind").asText();
            JsonNode c = K8sManifests.container(w);
            Map<String, String> env = K8sManifests.env(c, podFields("p"));
            assertTrue(
                    SimrtSettings.profiles(env.get("SIMRT_PROFILE")).contains("tls"),
                    kind + ": SIMRT_PROFILE=" + env.get("SIMRT_PROFILE") + " runs Artery over TLS");
            for (String name : env.keySet()) {
                assertFalse(
                        name.startsWith("SIMRT_TLS_"),
                        kind + " sets " + name + ": the stores and passwords come from the mounted Secret's files");
            }
            JsonNode mount = find(c.path("volumeMounts"), "mountPath", tlsDir);
            assertTrue(mount.path("readOnly").asBoolean(), kind);
            JsonNode volume = find(
                    w.at("/spec/template/spec/volumes"),
                    "name",
                    mount.get("name").asText());
            assertEquals(TLS_SECRET, volume.at("/secret/secretName").asText(), kind);
            assertFalse(volume.at("/secret").has("items"), kind + ": every key of the Secret becomes a file");
            parts.add(volume.toString() + mount);
        }
        assertEquals(parts.get(0), parts.get(1), "the engines and the coordinator mount the Secret alike");
        assertEquals(parts.get(0), parts.get(2), "the engines and the user model's coordinator mount the Secret alike");
    }

    @Test
    void plaintextIsAnOptOutOfTheProfileOnly() {
        for (String kind : List.of("StatefulSet", "Job")) {
            Map<String, String> env = K8sManifests.env(
                    K8sManifests.container(K8sManifests.object(objects, "plaintext", kind)), podFields("p"));
            assertEquals("kubernetes,plaintext", env.get("SIMRT_PROFILE"), kind);
            assertFalse(SimrtSettings.profiles(env.get("SIMRT_PROFILE")).contains("tls"), kind);
            // everything else as in the base
            JsonNode base = kind.equals("Job") ? job : statefulSet;
            Map<String, String> baseEnv = K8sManifests.env(K8sManifests.container(base), podFields("p"));
            assertEquals(baseEnv.keySet(), env.keySet(), kind);
            for (Map.Entry<String, String> e : baseEnv.entrySet()) {
                if (!e.getKey().equals("SIMRT_PROFILE")) {
                    assertEquals(e.getValue(), env.get(e.getKey()), kind + " " + e.getKey());
                }
            }
        }
    }

    /**
     * job-user-model.yaml is job-abc.yaml with another run in {@code args} and the model's jar mounted from a
     * ConfigMap; the engines it joins stay stock: no model jar in the StatefulSet.
     */
    @Test
    void userModelJobIsTheAbcJobCarryingTheJarAndTheEnginesStayStock() {
        JsonNode coordinator = K8sManifests.container(userModelJob);
        JsonNode abc = K8sManifests.container(job);
        for (String option : List.of("--client", "--seed-nodes", "--min-engines", "--port")) {
            assertEquals(K8sManifests.arg(abc, option), K8sManifests.arg(coordinator, option), option);
        }
        assertTrue(coordinator.toString().contains("\"--json\""));
        String jar = K8sManifests.arg(coordinator, "--model-jar");
        JsonNode mount = find(coordinator.path("volumeMounts"), "name", "model");
        assertTrue(mount.path("readOnly").asBoolean());
        assertTrue(
                jar.startsWith(mount.get("mountPath").asText() + "/"),
                jar + " lies in " + mount.get("mountPath").asText());
        JsonNode volume = find(userModelJob.at("/spec/template/spec/volumes"), "name", "model");
        assertTrue(volume.at("/configMap/name").isTextual(), "the jar comes from a ConfigMap: " + volume);

        // everything but the run and the model's volume as in job-abc.yaml
        JsonNode withoutModel = userModelJob.at("/spec/template").deepCopy();
        ((ArrayNode) withoutModel.at("/spec/volumes")).remove(indexOf(withoutModel.at("/spec/volumes"), "model"));
        JsonNode c = withoutModel.at("/spec/containers/0");
        ((ArrayNode) c.get("volumeMounts")).remove(indexOf(c.get("volumeMounts"), "model"));
        ((ObjectNode) c).remove("args");
        JsonNode abcTemplate = job.at("/spec/template").deepCopy();
        ((ObjectNode) abcTemplate.at("/spec/containers/0")).remove("args");
        assertEquals(abcTemplate, withoutModel);
        assertEquals(job.at("/spec/backoffLimit"), userModelJob.at("/spec/backoffLimit"));

        JsonNode engine = K8sManifests.container(statefulSet);
        assertFalse(engine.toString().contains("--model-jar"), "the engines are given no model jar");
        for (JsonNode v : statefulSet.at("/spec/template/spec/volumes")) {
            assertFalse(v.has("configMap"), "the engines mount no model: " + v);
        }
    }

    private static int indexOf(JsonNode list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(list.get(i).path("name").asText())) {
                return i;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }

    /**
     * What {@code simrt certs k8s-secret} prints is a valid Secret, named as the manifests mount it, whose keys are
     * the files the tls profile reads from its directory.
     */
    @Test
    void theSecretSimrtCertsPrintsIsWhatThePodsMount(@TempDir Path tmp) throws Exception {
        Path ca = tmp.resolve("simrt-tls");
        String san = "*." + service.at("/metadata/name").asText() + "." + NAMESPACE + ".svc.cluster.local";
        cli("certs", "init", "--dir", ca.toString());
        cli("certs", "node", "simrt", "--dir", ca.toString(), "--san", san);
        Path yaml = Files.writeString(
                tmp.resolve("secret.yaml"),
                cli("certs", "k8s-secret", "simrt", "--dir", ca.toString(), "--namespace", NAMESPACE));
        K8sManifests.Result r = K8sManifests.validate(yaml.toString());
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("ok " + yaml + ": Secret " + TLS_SECRET), r.output());

        Config tls = ConfigFactory.parseResources("simrt-tls.conf").resolve(ConfigResolveOptions.noSystem());
        Path keyStore = Path.of(tls.getString(TlsSettings.PATH + ".key-store"));
        Path trustStore = Path.of(tls.getString(TlsSettings.PATH + ".trust-store"));
        List<String> read = List.of(
                keyStore.getFileName().toString(),
                TlsSettings.passwordFile(keyStore).getFileName().toString(),
                trustStore.getFileName().toString(),
                TlsSettings.passwordFile(trustStore).getFileName().toString());
        List<String> keys = new ArrayList<>();
        boolean data = false;
        for (String line : Files.readAllLines(yaml)) {
            data = data || line.equals("data:");
            if (data && line.startsWith("  ")) {
                keys.add(line.substring(2, line.indexOf(':')));
            }
        }
        assertEquals(read, keys);
        assertEquals(
                Path.of(tls.getString("simrt.tls.dir")),
                keyStore.getParent(),
                "the stores lie in the mounted directory");
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Simrt.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, String.join(" ", args) + ": " + err);
        return out.toString();
    }

    private static JsonNode find(JsonNode list, String key, String value) {
        for (JsonNode n : list) {
            if (value.equals(n.path(key).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + key + " = " + value + " in " + list);
    }

    @Test
    void containerfileAgreesWithTheManifests() throws Exception {
        String file = Files.readString(K8sManifests.dir().resolveSibling("Containerfile"));
        JsonNode engine = K8sManifests.container(statefulSet);
        assertTrue(file.lines().anyMatch(l -> l.equals("FROM eclipse-temurin:17-jre")), "base image");
        assertTrue(
                file.lines()
                        .anyMatch(l -> l.matches("EXPOSE\\s+.*")
                                && l.contains(" " + K8sManifests.containerPort(engine, REMOTING))
                                && l.contains(" " + K8sManifests.containerPort(engine, HEALTH))
                                && l.contains(" " + K8sManifests.containerPort(engine, "bulk"))
                                && l.contains(" " + K8sManifests.containerPort(engine, "dashboard"))),
                "EXPOSE the remoting, health, bulk and dashboard ports");
        assertTrue(file.contains("COPY deploy/target/simrt.jar /app/simrt.jar"));
        assertTrue(file.contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/simrt.jar\"]"));
        assertTrue(file.contains("CMD [\"engine\"]"));
        assertEquals("engine", engine.at("/args/0").asText());
        String uid =
                statefulSet.at("/spec/template/spec/securityContext/runAsUser").asText();
        assertTrue(file.lines().anyMatch(l -> l.startsWith("USER " + uid)), "USER " + uid);
        assertEquals(
                uid, job.at("/spec/template/spec/securityContext/runAsUser").asText());
    }
}
