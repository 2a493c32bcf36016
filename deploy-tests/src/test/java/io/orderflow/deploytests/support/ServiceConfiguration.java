package io.orderflow.deploytests.support;

import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.order.config.OrderConfig;
import io.orderflow.payment.config.PaymentConfig;
import io.orderflow.shipping.config.ShippingConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration each service understands, taken from the services themselves: the
 * {@code @ConfigMapping} interfaces (the event bus's and the service's own) read by reflection,
 * the keys of the service's {@code application.properties}, and the Quarkus properties DESIGN.md
 * section 6 names. A deployment's environment variable is right when it is the environment form
 * of one of these properties.
 */
public final class ServiceConfiguration {

    /**
     * Quarkus's own properties that deployments set (DESIGN.md section 6) and that the services'
     * application.properties do not all mention.
     */
    static final List<String> QUARKUS_PROPERTIES = List.of(
            "quarkus.redis.hosts",
            "quarkus.redis.password",
            "quarkus.http.port",
            "quarkus.log.console.json.enabled");

    private final String service;
    private final Set<String> properties;
    private final Properties applicationProperties;

    private ServiceConfiguration(String service, Set<String> properties, Properties applicationProperties) {
        this.service = service;
        this.properties = properties;
        this.applicationProperties = applicationProperties;
    }

    public static ServiceConfiguration of(String service) {
        Class<?> own = switch (service) {
            case "order-service" -> OrderConfig.class;
            case "payment-service" -> PaymentConfig.class;
            case "shipping-service" -> ShippingConfig.class;
            default -> throw new IllegalArgumentException("no such service: " + service);
        };
        Set<String> properties = new TreeSet<>();
        properties.addAll(mappingProperties(EventBusConfig.class));
        properties.addAll(mappingProperties(own));
        properties.addAll(QUARKUS_PROPERTIES);
        Properties file = applicationProperties(service);
        for (String key : file.stringPropertyNames()) {
            properties.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return new ServiceConfiguration(service, properties, file);
    }

    public String service() {
        return service;
    }

    /** Every property name this service reads. */
    public Set<String> properties() {
        return properties;
    }

    /** The environment variable names that set one of its properties. */
    public Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        properties.forEach(p -> names.add(environmentName(p)));
        return names;
    }

    public boolean understands(String environmentVariable) {
        return environmentVariables().contains(environmentVariable);
    }

    /** The HTTP port the service listens on in production (its application.properties). */
    public int httpPort() {
        return Integer.parseInt(applicationProperties.getProperty("quarkus.http.port", "8080"));
    }

    /** The value of a key in the service's application.properties (without profile). */
    public Optional<String> applicationProperty(String key) {
        return Optional.ofNullable(applicationProperties.getProperty(key));
    }

    /** MicroProfile Config's environment form: every character but letters and digits becomes '_', upper case. */
    public static String environmentName(String property) {
        StringBuilder name = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    /** The property names a {@code @ConfigMapping} interface defines, nested groups included. */
    public static Set<String> mappingProperties(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping + " is not a @ConfigMapping");
        }
        Set<String> names = new TreeSet<>();
        collect(mapping, annotation.prefix(), names);
        return names;
    }

    private static void collect(Class<?> group, String prefix, Set<String> names) {
        for (Method method : group.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0
                    || method.getDeclaringClass() == Object.class) {
                continue;
            }
            String segment;
            if (method.isAnnotationPresent(WithParentName.class)) {
                segment = null;
            } else if (method.isAnnotationPresent(WithName.class)) {
                segment = method.getAnnotation(WithName.class).value();
            } else {
                segment = kebab(method.getName());
            }
            String name = segment == null ? prefix : prefix + "." + segment;
            Class<?> type = method.getReturnType();
            if (isGroup(type)) {
                collect(type, name, names);
            } else {
                names.add(name);
            }
        }
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface()
                && !type.getName().startsWith("java.")
                && !Collection.class.isAssignableFrom(type)
                && !Map.class.isAssignableFrom(type)
                && type != Optional.class && type != OptionalInt.class && type != OptionalLong.class
                && type != OptionalDouble.class;
    }

    /** SmallRye Config's default naming: {@code maxBodySize} is {@code max-body-size}. */
    static String kebab(String methodName) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    name.append('-');
                }
                name.append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    private static Properties applicationProperties(String service) {
        Path file = RepositoryRoot.resolve(service + "/src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return properties;
    }
}
