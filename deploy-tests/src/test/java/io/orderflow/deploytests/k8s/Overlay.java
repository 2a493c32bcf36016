package io.orderflow.deploytests.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** An overlay rendered and strictly parsed: the typed objects it would create. */
public final class Overlay {

    private final String name;
    private final List<HasMetadata> objects;

    private Overlay(String name, List<HasMetadata> objects) {
        this.name = name;
        this.objects = objects;
    }

    /** Rendered with the test renderer (works without kubectl). */
    public static Overlay load(String name) {
        return of(name, Kustomize.render(name));
    }

    public static Overlay of(String name, List<ObjectNode> rendered) {
        return new Overlay(name, rendered.stream().map(StrictModel::parse).toList());
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    public List<HasMetadata> objects() {
        return objects;
    }

    public <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public <T extends HasMetadata> T get(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new NoSuchElementException(this.name + " has no " + kind.getSimpleName() + " " + name));
    }

    public List<Deployment> deployments() {
        return all(Deployment.class);
    }

    public Deployment deployment(String name) {
        return get(Deployment.class, name);
    }

    public StatefulSet statefulSet(String name) {
        return get(StatefulSet.class, name);
    }

    public Service service(String name) {
        return get(Service.class, name);
    }

    public ConfigMap configMap(String name) {
        return get(ConfigMap.class, name);
    }

    public List<Secret> secrets() {
        return all(Secret.class);
    }

    public List<Namespace> namespaces() {
        return all(Namespace.class);
    }

    public List<PodDisruptionBudget> podDisruptionBudgets() {
        return all(PodDisruptionBudget.class);
    }

    public List<HorizontalPodAutoscaler> horizontalPodAutoscalers() {
        return all(HorizontalPodAutoscaler.class);
    }

    public List<NetworkPolicy> networkPolicies() {
        return all(NetworkPolicy.class);
    }

    /** Every pod template, by "Kind/name" of its owner. */
    public Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    /** The container named like its Deployment (the service container). */
    public Container serviceContainer(String service) {
        PodSpec spec = deployment(service).getSpec().getTemplate().getSpec();
        return spec.getContainers().stream().filter(c -> service.equals(c.getName())).findFirst()
                .orElseThrow(() -> new NoSuchElementException(name + ": Deployment " + service + " has no container " + service));
    }
}
