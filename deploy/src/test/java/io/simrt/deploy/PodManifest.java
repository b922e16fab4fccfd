package io.simrt.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pod's container takes from {@code deploy/k8s}, as the kubelet would give it: the arguments to the image's
 * entry point ({@code java -jar /app/simrt.jar}, {@code deploy/Containerfile}) with {@code $(VAR)} expanded, the
 * environment with the Downward API filled in, the ports by name, the readiness probe's path and the resource
 * limits. The manifests as written ("base" variant, Artery over TLS) are the source: a change there is a change here.
 *
 * @param args      the container's args, expanded
 * @param env       its environment, in the manifest's order
 * @param ports     container port by name
 * @param readyPath the readiness probe's HTTP path, or null without one (the Job)
 * @param readyPort the container port name the readiness probe uses, or null
 * @param cpuLimit  resources.limits.cpu, as the JVM would see it through cgroups (a whole number of CPUs)
 * @param memLimit  resources.limits.memory, as a JVM size ("4g")
 */
record PodManifest(
        List<String> args,
        Map<String, String> env,
        Map<String, Integer> ports,
        String readyPath,
        String readyPort,
        int cpuLimit,
        String memLimit) {

    /** The StatefulSet's container for pod {@code podName} at {@code podIp} in Kubernetes namespace {@code ns}. */
    static PodManifest engine(String podName, String ns, String podIp) {
        return of(K8sManifests.object(K8sManifests.objects(), "base", "StatefulSet", "simrt"), podName, ns, podIp);
    }

    /** The coordinator Job's container (job-abc.yaml), its pod at {@code podIp}. */
    static PodManifest job(String podName, String ns, String podIp) {
        return of(K8sManifests.object(K8sManifests.objects(), "base", "Job", "simrt-abc-ma2"), podName, ns, podIp);
    }

    private static PodManifest of(JsonNode workload, String podName, String ns, String podIp) {
        JsonNode c = K8sManifests.container(workload);
        Map<String, String> env =
                K8sManifests.env(c, Map.of("metadata.name", podName, "metadata.namespace", ns, "status.podIP", podIp));
        List<String> args = new ArrayList<>();
        for (JsonNode a : c.path("args")) {
            args.add(K8sManifests.expand(a.asText(), env));
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (JsonNode p : c.path("ports")) {
            ports.put(p.get("name").asText(), p.get("containerPort").asInt());
        }
        JsonNode ready = c.at("/readinessProbe/httpGet");
        return new PodManifest(
                List.copyOf(args),
                env,
                ports,
                ready.isMissingNode() ? null : ready.get("path").asText(),
                ready.isMissingNode() ? null : ready.get("port").asText(),
                Integer.parseInt(c.at("/resources/limits/cpu").asText()),
                jvmSize(c.at("/resources/limits/memory").asText()));
    }

    /** A Kubernetes quantity ("4Gi", "512Mi") as a JVM size ("4g", "512m"). */
    static String jvmSize(String quantity) {
        if (quantity.endsWith("Gi")) {
            return quantity.substring(0, quantity.length() - 2) + "g";
        }
        if (quantity.endsWith("Mi")) {
            return quantity.substring(0, quantity.length() - 2) + "m";
        }
        throw new AssertionError("memory limit " + quantity + ": only Gi and Mi are known here");
    }

    /** The port of the readiness probe (a name resolved through the container's ports). */
    int readinessPort() {
        Integer p = ports.get(readyPort);
        if (p == null) {
            throw new AssertionError("the readiness probe's port " + readyPort + " is not a container port");
        }
        return p;
    }
}
