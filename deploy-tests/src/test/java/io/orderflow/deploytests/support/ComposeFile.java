package io.orderflow.deploytests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The root compose.yaml as Compose sees it by default: anchors and merge keys resolved, and
 * {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} interpolated from the .env
 * file beside it (not from this process's environment, so the result is what a newcomer gets).
 */
public final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private final Map<String, Object> root;
    private final Map<String, String> dotEnv;

    private ComposeFile(Map<String, Object> root, Map<String, String> dotEnv) {
        this.root = root;
        this.dotEnv = dotEnv;
    }

    public static ComposeFile load() {
        Path file = RepositoryRoot.resolve("compose.yaml");
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) parsed;
            return new ComposeFile(root, dotEnv(RepositoryRoot.resolve(".env")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The variables of a .env file (KEY=value lines; # comments). */
    public static Map<String, String> dotEnv(Path file) {
        Map<String, String> variables = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                variables.put(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return variables;
    }

    public Map<String, String> dotEnv() {
        return dotEnv;
    }

    public Set<String> serviceNames() {
        return services().keySet();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> services() {
        return (Map<String, Object>) root.get("services");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> service(String name) {
        Object service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("compose.yaml has no service " + name);
        }
        return (Map<String, Object>) service;
    }

    public Map<String, Object> root() {
        return root;
    }

    public String image(String service) {
        return interpolate(String.valueOf(service(service).get("image")));
    }

    /** The service's environment, values interpolated (map or list form). */
    public Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : interpolate(String.valueOf(v))));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                result.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : interpolate(text.substring(equals + 1)));
            }
        }
        return result;
    }

    /** The published ports, interpolated ("8081:8080"). */
    public List<String> ports(String service) {
        List<String> ports = new ArrayList<>();
        Object raw = service(service).get("ports");
        if (raw instanceof List<?> list) {
            list.forEach(p -> ports.add(interpolate(String.valueOf(p))));
        }
        return ports;
    }

    /** A list-valued entry (command, healthcheck.test) as interpolated strings. */
    public List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> strings.add(interpolate(String.valueOf(v))));
        } else if (value != null) {
            strings.add(interpolate(String.valueOf(value)));
        }
        return strings;
    }

    /** Compose's interpolation, with the .env file as the only source of variables. */
    public String interpolate(String text) {
        Matcher matcher = VARIABLE.matcher(text.replace("$$", "\u0000"));
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String operator = matcher.group(2);
            String argument = matcher.group(3);
            String value = dotEnv.get(name);
            boolean unsetOrEmpty = value == null || value.isEmpty();
            String replacement;
            if (operator == null) {
                replacement = value == null ? "" : value;
            } else if (operator.endsWith("-")) {
                replacement = (operator.startsWith(":") ? unsetOrEmpty : value == null) ? argument : value;
            } else {
                if (operator.startsWith(":") ? unsetOrEmpty : value == null) {
                    throw new IllegalStateException("compose would stop: " + name + ": " + argument);
                }
                replacement = value;
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString().replace("\u0000", "$");
    }
}
