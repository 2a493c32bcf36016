package io.orderflow.deploytests.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every pod of every overlay meets the restricted Pod Security Standard, with resources and a read-only root. */
class RestrictedPodSecurityTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyPodSpecMeetsTheRestrictedStandard(String name) {
        Overlay overlay = Overlay.load(name);
        Map<String, PodTemplateSpec> templates = overlay.podTemplates();

        assertThat(templates).containsOnlyKeys("Deployment/order-service", "Deployment/payment-service",
                "Deployment/shipping-service", "StatefulSet/redis");
        templates.forEach((owner, template) ->
                assertThat(RestrictedPodSecurity.violations(template.getSpec())).as(name + " " + owner).isEmpty());
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyContainerRequestsAndLimitsCpuAndMemory(String name) {
        Overlay overlay = Overlay.load(name);

        overlay.podTemplates().forEach((owner, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                var resources = container.getResources();
                assertThat(resources).as(owner + " " + container.getName() + " resources").isNotNull();
                assertThat(resources.getRequests()).as(owner + " requests").containsKeys("cpu", "memory");
                assertThat(resources.getLimits()).as(owner + " limits").containsKey("memory");
            }
        });
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void theNamespaceEnforcesTheRestrictedStandard(String name) {
        List<Namespace> namespaces = Overlay.load(name).namespaces();

        assertThat(namespaces).singleElement().satisfies(namespace ->
                assertThat(namespace.getMetadata().getLabels())
                        .containsEntry("pod-security.kubernetes.io/enforce", "restricted"));
    }

    @Test
    void theCheckSeesEachBreach() {
        PodSpec pod = Overlay.load("dev").deployment("order-service").getSpec().getTemplate().getSpec();
        assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();

        pod.setHostNetwork(true);
        pod.getSecurityContext().setRunAsNonRoot(null);
        pod.getSecurityContext().setSeccompProfile(null);
        var container = pod.getContainers().get(0).getSecurityContext();
        container.setAllowPrivilegeEscalation(null);
        container.getCapabilities().setDrop(List.of("NET_RAW"));
        container.getCapabilities().setAdd(List.of("SYS_ADMIN"));
        container.setReadOnlyRootFilesystem(false);
        pod.getVolumes().get(0).setEmptyDir(null);
        pod.getVolumes().get(0).setHostPath(new io.fabric8.kubernetes.api.model.HostPathVolumeSource("/", null));

        assertThat(RestrictedPodSecurity.violations(pod)).containsExactlyInAnyOrder(
                "hostNetwork must not be true",
                "volume tmp is of type hostPath, not one of " + RestrictedPodSecurity.ALLOWED_VOLUMES,
                "container order-service: allowPrivilegeEscalation must be false",
                "container order-service: capabilities.drop must contain ALL",
                "container order-service: capability SYS_ADMIN must not be added",
                "container order-service: runAsNonRoot must be true (on the container or the pod)",
                "container order-service: seccompProfile must be RuntimeDefault or Localhost (on the container or the pod)",
                "container order-service: readOnlyRootFilesystem must be true");
    }
}
