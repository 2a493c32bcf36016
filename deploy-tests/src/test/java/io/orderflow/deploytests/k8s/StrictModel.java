package io.orderflow.deploytests.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing into the fabric8 Kubernetes model. The model keeps fields it does not know in
 * {@code additionalProperties} instead of failing, so after Jackson (which also refuses type
 * mismatches and coercions) every object of the result is walked and any such field is an error,
 * with its path: a misspelt {@code readinesProbe} fails here instead of being dropped by the API
 * server.
 */
public final class StrictModel {

    /** The kinds the manifests may contain, by apiVersion/kind. Anything else is an error. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private StrictModel() {
    }

    /** The typed object, or an exception that names the object and every problem found. */
    public static HasMetadata parse(JsonNode object) {
        String id = Kustomize.id(object);
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<? extends HasMetadata> kind = KINDS.get(type);
        if (kind == null) {
            throw new IllegalStateException(id + ": unexpected apiVersion/kind " + type + " (known: " + KINDS.keySet() + ")");
        }
        HasMetadata parsed;
        try {
            parsed = MAPPER.treeToValue(object, kind);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(id + " does not parse as " + kind.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        walk(parsed, kind.getSimpleName(), unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(id + " has fields the Kubernetes model does not know: " + unknown);
        }
        return parsed;
    }

    public static <T extends HasMetadata> T parse(JsonNode object, Class<T> kind) {
        return kind.cast(parse(object));
    }

    private static void walk(Object value, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown, seen));
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(element, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.")) {
            return;
        }
        try {
            Method additional = type.getMethod("getAdditionalProperties");
            Object extra = additional.invoke(value);
            if (extra instanceof Map<?, ?> map && !map.isEmpty()) {
                map.keySet().forEach(k -> unknown.add(path + "." + k));
            }
        } catch (NoSuchMethodException e) {
            // a model class without additional properties
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getName().equals("additionalProperties")) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    walk(field.get(value), path + "." + field.getName(), unknown, seen);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
