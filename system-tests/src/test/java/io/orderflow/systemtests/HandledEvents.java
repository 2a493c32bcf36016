package io.orderflow.systemtests;

import io.orderflow.systemtests.api.JsonHttp;
import io.orderflow.systemtests.process.ServiceProcess;

/** How many events an instance's handlers completed, from its Prometheus counter {@code orderflow_bus_delivered_total}. */
final class HandledEvents {

    private static final String COUNTER = "orderflow_bus_delivered_total{";

    private HandledEvents() {
    }

    static double by(JsonHttp http, ServiceProcess instance) {
        JsonHttp.Reply metrics = http.get(instance.baseUri().resolve("/q/metrics"));
        if (metrics.status() != 200) {
            throw new IllegalStateException(instance + " /q/metrics answered " + metrics.status());
        }
        return metrics.body().lines().filter(line -> line.startsWith(COUNTER))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
