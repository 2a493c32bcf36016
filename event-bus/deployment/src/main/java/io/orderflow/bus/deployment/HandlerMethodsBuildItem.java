package io.orderflow.bus.deployment;

import io.quarkus.builder.item.SimpleBuildItem;
import java.util.List;

/** Every {@code @EventHandler} method of the application. */
final class HandlerMethodsBuildItem extends SimpleBuildItem {

    private final List<HandlerMethod> methods;

    HandlerMethodsBuildItem(List<HandlerMethod> methods) {
        this.methods = List.copyOf(methods);
    }

    List<HandlerMethod> methods() {
        return methods;
    }
}
