package io.orderflow.bus.runtime;

import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.bus.consumer.ServiceConsumer;
import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.handler.HandlerCatalog;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.Queues;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the bus with the application and stops it gracefully: registration, the distributor,
 * the consumer, and a maintenance task (registration refresh, expiry, safe trimming, gauges).
 * Redis being down at startup does not stop the application: the loops wait for it and
 * readiness stays DOWN until it answers.
 */
@Singleton
public class EventBusLifecycle {

    private static final Logger LOG = Logger.getLogger(EventBusLifecycle.class);

    private final EventBusConfig config;
    private final SubscriptionRegistrar registrar;
    private final Distributor distributor;
    private final ServiceConsumer consumer;
    private final HandlerCatalog catalog;
    private final Queues queues;
    private final BusMetrics metrics;
    private final BusIdentity identity;
    private final EventPublisher publisher;
    private ScheduledExecutorService maintenance;
    private volatile boolean registered;

    EventBusLifecycle(EventBusConfig config, SubscriptionRegistrar registrar, Distributor distributor,
            ServiceConsumer consumer, HandlerCatalog catalog, Queues queues, BusMetrics metrics, BusIdentity identity,
            EventPublisher publisher) {
        this.config = config;
        this.registrar = registrar;
        this.distributor = distributor;
        this.consumer = consumer;
        this.catalog = catalog;
        this.queues = queues;
        this.metrics = metrics;
        this.identity = identity;
        this.publisher = publisher;
    }

    void start(@Observes StartupEvent event) {
        register();
        if (config.distributor().enabled()) {
            distributor.start();
        }
        if (consumesQueue()) {
            consumer.start();
        }
        LOG.infof("event bus up: service %s, consumer %s, handles %s, distributor %s", identity.service(),
                identity.consumer(), catalog.eventTypes(), config.distributor().enabled() ? "on" : "off");
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orderflow-bus-maintenance");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, config.maintenanceInterval().toMillis());
        maintenance.scheduleWithFixedDelay(this::maintain, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (maintenance != null) {
            maintenance.shutdownNow();
        }
        consumer.shutdown();
        distributor.stop(config.distributor().block().plusSeconds(1));
        // After the handlers: their last commands and acknowledgements travel on it.
        queues.pipelined().close();
    }

    /** Whether this instance consumes its service's queue (it has handlers and consuming is on). */
    public boolean consumesQueue() {
        return config.consumer().enabled() && !catalog.isEmpty();
    }

    /** Whether the registration in Redis has succeeded at least once since the last failure. */
    public boolean isRegistered() {
        return registered;
    }

    private void register() {
        try {
            registrar.register();
            publisher.prepare();
            registered = true;
        } catch (RuntimeException e) {
            registered = false;
            LOG.warnf("could not register the bus's queues and subscriptions in Redis (will retry): %s", e);
        }
    }

    private void maintain() {
        try {
            register();
            if (!registered) {
                return;
            }
            if (config.distributor().enabled()) {
                maintainQueue(BusKeys.CENTRAL_QUEUE);
            }
            if (consumesQueue()) {
                maintainQueue(consumer.queue());
            }
            metrics.queues(queues.listQueues());
        } catch (RuntimeException e) {
            LOG.debugf("maintenance failed (Redis unreachable?): %s", e);
        }
    }

    private void maintainQueue(String queue) {
        long expired = queues.expireDue(queue);
        if (expired > 0) {
            metrics.expired(queue, expired);
        }
        queues.trimAcknowledged(queues.keys().queue(queue).stream(), config.streamMaxLength());
    }
}
