package io.orderflow.bus.runtime;

import io.orderflow.bus.config.EventBusConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who this instance is on the bus: its service (whose queue it consumes) and its consumer name
 * within the groups (stable across restarts, distinct between instances: the host or pod name).
 */
public record BusIdentity(String service, String consumer) {

    public static BusIdentity from(EventBusConfig config) {
        String service = config.serviceName()
                .or(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class))
                .orElseThrow(() -> new IllegalStateException(
                        "The event bus needs a service name: set orderflow.bus.service-name or quarkus.application.name"));
        String consumer = config.consumerName().orElseGet(BusIdentity::hostName);
        return new BusIdentity(service, consumer);
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
