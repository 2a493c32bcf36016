package io.orderflow.deploytests.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.orderflow.deploytests.support.Processes;
import io.orderflow.deploytests.support.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Renders the kustomizations under {@code deploy/k8s}: with {@code kubectl kustomize} when kubectl
 * is installed, and always with a small renderer of its own for the subset of kustomize the
 * manifests use ({@code resources}, {@code namespace}, {@code replicas}), so that every check also
 * runs where kubectl is absent. {@link KustomizeRenderTest} shows both give the same objects.
 */
public final class Kustomize {

    public static final List<String> OVERLAYS = List.of("dev", "prod");

    /** Kustomization fields the own renderer understands; anything else makes it refuse. */
    static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "replicas");

    /** Kinds that live outside namespaces (those the manifests could plausibly use). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "PersistentVolume", "StorageClass",
            "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass");

    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController");

    static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Kustomize() {
    }

    public static Path k8sDirectory() {
        return RepositoryRoot.resolve("deploy/k8s");
    }

    public static Path overlay(String name) {
        return k8sDirectory().resolve("overlays").resolve(name);
    }

    /** The objects of an overlay, rendered by the own renderer. */
    public static List<ObjectNode> render(String overlay) {
        return renderDirectory(overlay(overlay));
    }

    /** kubectl's version line, or empty when kubectl is not on the PATH or does not answer. */
    public static Optional<String> kubectlVersion() {
        if (!Processes.onPath("kubectl")) {
            return Optional.empty();
        }
        Processes.Result result = Processes.run(Duration.ofSeconds(30), List.of("kubectl", "version", "--client"));
        return result.ok() ? Optional.of(result.output().strip().replace('\n', ' ')) : Optional.empty();
    }

    /** {@code kubectl kustomize <overlay>}: the rendered YAML. */
    public static String renderWithKubectl(String overlay) {
        return Processes.run(Duration.ofMinutes(2), List.of("kubectl", "kustomize", overlay(overlay).toString()))
                .orThrow().output();
    }

    /** Every non-empty YAML document of a text, as objects. */
    public static List<ObjectNode> documents(String yaml, String origin) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (values.hasNext()) {
                JsonNode node = (JsonNode) values.next();
                if (node == null || node.isNull() || node.isMissingNode() || node.isEmpty()) {
                    continue;
                }
                if (!(node instanceof ObjectNode object)) {
                    throw new IllegalStateException(origin + ": a document that is not a mapping: " + node);
                }
                objects.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(origin + " does not parse as YAML", e);
        }
        return objects;
    }

    static ObjectNode kustomization(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        List<ObjectNode> documents = documents(read(file), file.toString());
        if (documents.size() != 1) {
            throw new IllegalStateException(file + ": expected one document, found " + documents.size());
        }
        return documents.get(0);
    }

    static List<ObjectNode> renderDirectory(Path directory) {
        ObjectNode kustomization = kustomization(directory);
        for (Iterator<String> fields = kustomization.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalStateException(directory.resolve("kustomization.yaml") + " uses '" + field
                        + "', which the test renderer does not implement (it knows " + SUPPORTED_FIELDS
                        + "): extend Kustomize or keep the kustomization simple");
            }
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(renderDirectory(path));
            } else {
                objects.addAll(documents(read(path), path.toString()));
            }
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode object : objects) {
                if (!CLUSTER_SCOPED.contains(object.path("kind").asText())) {
                    object.withObjectProperty("metadata").put("namespace", namespace);
                }
            }
        }
        for (JsonNode replicas : kustomization.path("replicas")) {
            String name = replicas.path("name").asText();
            List<ObjectNode> targets = objects.stream()
                    .filter(o -> SCALABLE.contains(o.path("kind").asText()))
                    .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                    .toList();
            if (targets.isEmpty()) {
                throw new IllegalStateException(directory + ": replicas for '" + name + "', which does not exist");
            }
            targets.forEach(t -> t.withObjectProperty("spec").put("replicas", replicas.path("count").asInt()));
        }
        Set<String> ids = new HashSet<>();
        for (ObjectNode object : objects) {
            if (!ids.add(id(object))) {
                throw new IllegalStateException(directory + ": " + id(object) + " is defined twice");
            }
        }
        return objects;
    }

    /** kind/namespace/name of an object. */
    public static String id(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return object.path("kind").asText() + "/" + metadata.path("namespace").asText("-") + "/"
                + metadata.path("name").asText();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
