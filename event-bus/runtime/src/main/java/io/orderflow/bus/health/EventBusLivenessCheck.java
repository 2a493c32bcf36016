package io.orderflow.bus.health;

import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.bus.consumer.ServiceConsumer;
import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.runtime.EventBusLifecycle;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the bus's loops this instance runs are running. A Redis outage does not make the
 * service dead (the loops wait it out; readiness reports it); only a loop that stopped does.
 */
@Liveness
@Singleton
public class EventBusLivenessCheck implements HealthCheck {

    private final EventBusConfig config;
    private final Distributor distributor;
    private final ServiceConsumer consumer;
    private final EventBusLifecycle lifecycle;

    EventBusLivenessCheck(EventBusConfig config, Distributor distributor, ServiceConsumer consumer,
            EventBusLifecycle lifecycle) {
        this.config = config;
        this.distributor = distributor;
        this.consumer = consumer;
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        boolean distributorAlive = !config.distributor().enabled() || distributor.isRunning();
        boolean consumerAlive = !lifecycle.consumesQueue() || consumer.isRunning();
        return HealthCheckResponse.named("Orderflow event bus loops")
                .withData("distributor", config.distributor().enabled() ? String.valueOf(distributorAlive) : "off")
                .withData("consumer", lifecycle.consumesQueue() ? String.valueOf(consumerAlive) : "off")
                .status(distributorAlive && consumerAlive)
                .build();
    }
}
