package io.orderflow.deploytests.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.orderflow.deploytests.support.ComposeFile;
import io.orderflow.deploytests.support.RedisMemoryArguments;
import io.orderflow.deploytests.support.ServiceConfiguration;
import io.orderflow.deploytests.support.Services;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The manifests agree with the services, with compose.yaml and with each other. */
class KubernetesConsistencyTest {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyEnvironmentVariableIsOneTheServiceReads(String name) {
        Overlay overlay = Overlay.load(name);
        for (String service : Services.ALL) {
            ServiceConfiguration configuration = ServiceConfiguration.of(service);
            Container container = overlay.serviceContainer(service);

            assertThat(container.getEnvFrom()).as(service + " envFrom (each variable is named instead)").isNullOrEmpty();
            assertThat(container.getEnv()).extracting(EnvVar::getName).as(service + " environment")
                    .isNotEmpty()
                    .doesNotHaveDuplicates()
                    .allSatisfy(variable -> assertThat(configuration.understands(variable))
                            .as("%s: %s is not the environment form of any property the service reads %s",
                                    service, variable, configuration.properties())
                            .isTrue());
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void theConfigMapHoldsWhatTheServicesUseAndNothingElse(String name) {
        Overlay overlay = Overlay.load(name);
        ConfigMap config = overlay.configMap("orderflow-config");
        Set<String> used = new TreeSet<>();
        for (String service : Services.ALL) {
            for (EnvVar variable : overlay.serviceContainer(service).getEnv()) {
                var source = variable.getValueFrom();
                if (source != null && source.getConfigMapKeyRef() != null) {
                    assertThat(source.getConfigMapKeyRef().getName()).isEqualTo("orderflow-config");
                    assertThat(config.getData()).as(service).containsKey(source.getConfigMapKeyRef().getKey());
                    // The key is the variable's own name, so the ConfigMap reads as the configuration.
                    assertThat(source.getConfigMapKeyRef().getKey()).isEqualTo(variable.getName());
                    used.add(source.getConfigMapKeyRef().getKey());
                }
            }
        }
        assertThat(config.getData().keySet()).as("keys no service reads").isEqualTo(used);
        assertThat(config.getData()).containsEntry("QUARKUS_REDIS_HOSTS", "redis://" + "redis:"
                + overlay.service("redis").getSpec().getPorts().get(0).getPort());
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyServiceGetsTheRedisPasswordAndItsOwnConsumerName(String name) {
        Overlay overlay = Overlay.load(name);
        for (String service : Services.ALL) {
            Map<String, EnvVar> env = byName(overlay.serviceContainer(service).getEnv());

            var password = env.get("QUARKUS_REDIS_PASSWORD").getValueFrom().getSecretKeyRef();
            assertThat(password.getName()).isEqualTo("redis-auth");
            assertThat(password.getKey()).isEqualTo("password");
            assertThat(password.getOptional()).as("the password is required").isNotEqualTo(Boolean.TRUE);
            assertThat(env.get("ORDERFLOW_BUS_CONSUMER_NAME").getValueFrom().getFieldRef().getFieldPath())
                    .as("one consumer per pod").isEqualTo("metadata.name");
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void probesAndPortsMatchTheServices(String name) {
        Overlay overlay = Overlay.load(name);
        for (String service : Services.ALL) {
            int port = ServiceConfiguration.of(service).httpPort();
            Container container = overlay.serviceContainer(service);

            assertThat(container.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                    .as(service + " ports").containsExactly(org.assertj.core.groups.Tuple.tuple("http", port));
            assertProbe(service + " startup", container.getStartupProbe(), "/q/health/started", container, port);
            assertProbe(service + " readiness", container.getReadinessProbe(), "/q/health/ready", container, port);
            assertProbe(service + " liveness", container.getLivenessProbe(), "/q/health/live", container, port);

            Service kubernetesService = overlay.service(service);
            assertThat(kubernetesService.getSpec().getSelector())
                    .isEqualTo(overlay.deployment(service).getSpec().getSelector().getMatchLabels());
            ServicePort servicePort = kubernetesService.getSpec().getPorts().get(0);
            assertThat(resolvePort(servicePort.getTargetPort(), container)).as(service + " Service targetPort").isEqualTo(port);
            assertThat(servicePort.getPort()).as("DESIGN.md: every service listens on 8080 in the cluster").isEqualTo(8080);
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void imagesAreTheOnesComposeBuilds(String name) {
        Overlay overlay = Overlay.load(name);
        ComposeFile compose = ComposeFile.load();
        for (String service : Services.ALL) {
            String image = overlay.serviceContainer(service).getImage();
            assertThat(image).as(service).isEqualTo(compose.image(service)).startsWith(Services.imageRepository(service) + ":");
            // Images built locally (compose, kind load, minikube image load) must not be pulled.
            assertThat(overlay.serviceContainer(service).getImagePullPolicy()).isEqualTo("IfNotPresent");
        }
        Container redis = overlay.statefulSet("redis").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(redis.getImage()).isEqualTo(compose.image("redis"));
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void redisRefusesWritesWellBelowItsMemoryLimitAndNeverEvicts(String name) {
        Container container = Overlay.load(name).statefulSet("redis").getSpec().getTemplate().getSpec().getContainers().get(0);
        long limitBytes = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValueExact();
        RedisMemoryArguments.assertRefusesWritesWellBelow(container.getArgs(), limitBytes);
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void redisPersistsWithAnAppendOnlyFileAndRequiresThePassword(String name) {
        Overlay overlay = Overlay.load(name);
        StatefulSet redis = overlay.statefulSet("redis");
        Container container = redis.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = container.getArgs();

        assertThat(String.join(" ", args)).contains("--appendonly yes").contains("--requirepass $(REDIS_PASSWORD)");
        var password = byName(container.getEnv()).get("REDIS_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(password.getName()).isEqualTo("redis-auth");
        assertThat(password.getKey()).isEqualTo("password");
        assertThat(redis.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim ->
                assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
                    assertThat(mount.getName()).isEqualTo(claim.getMetadata().getName());
                    assertThat(mount.getMountPath()).isEqualTo("/data");
                }));
        assertThat(redis.getSpec().getServiceName()).satisfies(governing ->
                assertThat(overlay.service(governing).getSpec().getClusterIP()).isEqualTo("None"));
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(6379);
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void onlyTheThreeServicesReachRedis(String name) {
        Overlay overlay = Overlay.load(name);
        Map<String, String> redisLabels = overlay.statefulSet("redis").getSpec().getTemplate().getMetadata().getLabels();
        List<NetworkPolicy> policies = overlay.networkPolicies().stream()
                .filter(p -> selects(p.getSpec().getPodSelector(), redisLabels)).toList();

        assertThat(policies).as("NetworkPolicies selecting the Redis pod").singleElement().satisfies(policy -> {
            assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                    assertThat(port.getPort().getIntVal()).isEqualTo(6379);
                    assertThat(port.getProtocol()).isEqualTo("TCP");
                });
                Set<String> admitted = new TreeSet<>();
                for (var template : overlay.podTemplates().entrySet()) {
                    if (admits(rule, template.getValue().getMetadata().getLabels())) {
                        admitted.add(template.getKey());
                    }
                }
                assertThat(admitted).containsExactly("Deployment/order-service", "Deployment/payment-service",
                        "Deployment/shipping-service");
                // Nor anything else: a pod labelled like something else is refused.
                assertThat(admits(rule, Map.of("app.kubernetes.io/name", "debug", "app.kubernetes.io/part-of", "orderflow")))
                        .isFalse();
                assertThat(rule.getFrom()).allSatisfy(peer -> {
                    assertThat(peer.getIpBlock()).isNull();
                    assertThat(peer.getNamespaceSelector()).isNull();
                });
            });
        });
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everyServiceHasAPodDisruptionBudgetThatLetsADrainThrough(String name) {
        Overlay overlay = Overlay.load(name);
        for (String service : Services.ALL) {
            Deployment deployment = overlay.deployment(service);
            List<PodDisruptionBudget> budgets = overlay.podDisruptionBudgets().stream()
                    .filter(b -> selects(b.getSpec().getSelector(), deployment.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(budgets).as(service).singleElement().satisfies(budget -> {
                assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
                assertThat(budget.getSpec().getMinAvailable()).isNull();
            });
        }
    }

    @Test
    void devRunsOneReplicaOfEachWithADemoOnlySecret() {
        Overlay dev = Overlay.load("dev");

        assertThat(dev.deployments()).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).as(d.getMetadata().getName()).isEqualTo(1));
        assertThat(dev.horizontalPodAutoscalers()).isEmpty();
        Secret secret = dev.secrets().stream().filter(s -> s.getMetadata().getName().equals("redis-auth")).findFirst().orElseThrow();
        assertThat(secret.getMetadata().getAnnotations()).containsEntry("orderflow.io/demo-only", "true");
        assertThat(secret.getStringData()).containsOnlyKeys("password");
        assertThat(secret.getStringData().get("password"))
                .as("the same demo-only password as compose's .env")
                .isEqualTo(ComposeFile.load().dotEnv().get("REDIS_PASSWORD"));
    }

    @Test
    void prodRunsTwoOrMoreReplicasScaledByAutoscalersAndCommitsNoSecret() {
        Overlay prod = Overlay.load("prod");

        assertThat(prod.secrets()).as("the prod password is created with kubectl, never committed").isEmpty();
        for (String service : Services.ALL) {
            Deployment deployment = prod.deployment(service);
            assertThat(deployment.getSpec().getReplicas()).as(service).isGreaterThanOrEqualTo(2);
            List<HorizontalPodAutoscaler> autoscalers = prod.horizontalPodAutoscalers().stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(service)).toList();
            assertThat(autoscalers).as(service).singleElement().satisfies(hpa -> {
                assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
                assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
                assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2)
                        .isLessThanOrEqualTo(deployment.getSpec().getReplicas());
                assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
                // CPU utilisation is measured against the request, which must be there.
                assertThat(prod.serviceContainer(service).getResources().getRequests()).containsKey("cpu");
            });
        }
    }

    @ParameterizedTest(name = "overlays/{0}")
    @FieldSource("OVERLAYS")
    void everySecretAndConfigMapReferenceIsSatisfiedOrOptionalOrDocumented(String name) {
        Overlay overlay = Overlay.load(name);
        Set<String> secrets = new HashSet<>();
        overlay.secrets().forEach(s -> secrets.add(s.getMetadata().getName()));
        Set<String> missing = new TreeSet<>();
        overlay.podTemplates().forEach((owner, template) -> template.getSpec().getContainers().forEach(container ->
                container.getEnv().forEach(variable -> {
                    var from = variable.getValueFrom();
                    if (from != null && from.getSecretKeyRef() != null && !Boolean.TRUE.equals(from.getSecretKeyRef().getOptional())
                            && !secrets.contains(from.getSecretKeyRef().getName())) {
                        missing.add(from.getSecretKeyRef().getName());
                    }
                    if (from != null && from.getConfigMapKeyRef() != null) {
                        assertThat(overlay.configMap(from.getConfigMapKeyRef().getName())).isNotNull();
                    }
                })));
        // dev brings its Secret; prod expects redis-auth to be created with kubectl (README, prod kustomization).
        assertThat(missing).isEqualTo("prod".equals(name) ? Set.of("redis-auth") : Set.of());
    }

    private static void assertProbe(String what, Probe probe, String path, Container container, int port) {
        assertThat(probe).as(what + " probe").isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(what + " probe is an HTTP GET").isNotNull();
        assertThat(get.getPath()).as(what + " path").isEqualTo(path);
        assertThat(resolvePort(get.getPort(), container)).as(what + " port").isEqualTo(port);
    }

    private static int resolvePort(IntOrString port, Container container) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> Objects.equals(p.getName(), port.getStrVal()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()));
    }

    private static Map<String, EnvVar> byName(List<EnvVar> variables) {
        Map<String, EnvVar> map = new java.util.LinkedHashMap<>();
        variables.forEach(v -> map.put(v.getName(), v));
        return map;
    }

    private static boolean admits(NetworkPolicyIngressRule rule, Map<String, String> labels) {
        return rule.getFrom().stream().anyMatch(peer -> peer.getPodSelector() != null && selects(peer.getPodSelector(), labels));
    }

    /** Kubernetes label selector semantics (matchLabels and matchExpressions, ANDed). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (var entry : selector.getMatchLabels().entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = actual.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> actual.containsKey(requirement.getKey());
                    case "DoesNotExist" -> !actual.containsKey(requirement.getKey());
                    default -> throw new IllegalArgumentException(requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
