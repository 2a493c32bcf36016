package io.orderflow.deploytests.support;

import java.util.List;

/** The pipeline's three services, as named in compose.yaml, the Kubernetes manifests and their modules. */
public final class Services {

    public static final List<String> ALL = List.of("order-service", "payment-service", "shipping-service");

    /** Host ports of the demo (DESIGN.md section 5). */
    public static int hostPort(String service) {
        return switch (service) {
            case "order-service" -> 8081;
            case "payment-service" -> 8082;
            case "shipping-service" -> 8083;
            default -> throw new IllegalArgumentException(service);
        };
    }

    /** The image every deployment runs for the service, without tag. */
    public static String imageRepository(String service) {
        return "orderflow/" + service;
    }

    private Services() {
    }
}
