package io.simrt.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in deploy/k8s passes the offline validator, {@link K8sValidator} (the strict schemas in
 * deploy/k8s/schemas: types, field names, allowed values; env references, probe ports; with the plaintext
 * component's patches applied too), and the validator does catch errors.
 */
class ManifestValidationTest {

    @Test
    void everyManifestIsValid() {
        K8sManifests.Result r = K8sManifests.validate();
        assertEquals(0, r.status(), r.output());
        for (String expected : new String[] {
            "service.yaml: Service simrt",
            "service-coordinator.yaml: Service simrt-coordinator",
            "statefulset.yaml: StatefulSet simrt",
            "pdb.yaml: PodDisruptionBudget simrt",
            "job-abc.yaml: Job simrt-abc-ma2",
            "job-user-model.yaml: Job simrt-sir",
            "statefulset.yaml + components/plaintext/statefulset-plaintext.yaml: StatefulSet simrt [plaintext]",
            "job-abc.yaml + components/plaintext/job-abc-plaintext.yaml: Job simrt-abc-ma2 [plaintext]",
            "components/prometheus-operator/service-metrics.yaml: Service simrt-metrics [prometheus-operator]",
            "components/prometheus-operator/servicemonitor.yaml: ServiceMonitor simrt [prometheus-operator]"
        }) {
            assertTrue(r.output().contains("ok " + expected), "not validated: " + expected + "\n" + r.output());
        }
    }

    @Test
    void brokenManifestIsRejectedNamingEachField() throws Exception {
        Path broken =
                Path.of(getClass().getResource("/k8s/broken-statefulset.yaml").toURI());
        K8sManifests.Result r = K8sManifests.validate(broken.toString());
        assertEquals(1, r.status(), r.output());
        for (String expected : new String[] {
            "/spec/replicas must be integer",
            "/spec/template/spec/containers/0/ports/0/containerPort must be integer",
            "/spec/podManagementPolicy must be equal to one of the allowed values (OrderedReady, Parallel)",
            "/spec/publishNotReadyAddresses is not a field of this object",
            "/spec/template/spec/containers/0/env/0/value refers to $(POD_NAME), which is not defined",
            "/spec/template/spec/containers/0/env/0/value refers to $(POD_NAMESPACE), which is defined only later",
            "/spec/template/spec/containers/0/livenessProbe uses port \"healthz\", which is not a port name",
            "/spec/template/spec/containers/0/readinessProbe uses port \"not a port\", which is not a port name",
            "8 problem(s)"
        }) {
            assertTrue(r.output().contains(expected), "not reported: " + expected + "\n" + r.output());
        }
    }

    /** The ServiceMonitor (a CRD) is checked against schemas/servicemonitor-monitoring-v1.json, written for it. */
    @Test
    void brokenServiceMonitorIsRejected() throws Exception {
        Path broken = Path.of(
                getClass().getResource("/k8s/broken-servicemonitor.yaml").toURI());
        K8sManifests.Result r = K8sManifests.validate(broken.toString());
        assertEquals(1, r.status(), r.output());
        for (String expected : new String[] {
            "/spec/endpoints/0/port must be string",
            "/spec/endpoints/0/path",
            "/spec/endpoints/0/interval",
            "/spec/endpoints/0/relabel is not a field of this object"
        }) {
            assertTrue(r.output().contains(expected), "not reported: " + expected + "\n" + r.output());
        }
    }

    @Test
    void unreadableYamlIsRejected() throws Exception {
        Path broken = Path.of(getClass().getResource("/k8s/duplicate-key.yaml").toURI());
        K8sManifests.Result r = K8sManifests.validate(broken.toString());
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().contains("YAML: Duplicate field 'name'"), r.output());
    }
}
