package io.orderflow.bus.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.bus.consumer.RetryPolicy;
import io.orderflow.bus.consumer.ServiceConsumer;
import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.distributor.RouteOnPublish;
import io.orderflow.bus.handler.HandlerCatalog;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.publish.PublishRouting;
import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.Queues;
import io.orderflow.bus.tail.EventTail;
import io.orderflow.bus.trail.EventTrail;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/** Builds the bus's parts from configuration; each is a singleton bean a service may inject. */
@Singleton
public class EventBusProducers {

    @Produces
    @Singleton
    BusIdentity identity(EventBusConfig config) {
        return BusIdentity.from(config);
    }

    @Produces
    @Singleton
    Queues queues(RedisDataSource redis, EventBusConfig config, Config all) {
        return new Queues(redis, new BusKeys(config.keyPrefix()), Clock.systemUTC(), redisTimeout(all));
    }

    /** The blocking data source's reply timeout, Quarkus's default included: the bus's own waits use it too. */
    private static Duration redisTimeout(Config all) {
        return all.getOptionalValue("quarkus.redis.timeout", Duration.class).orElse(Duration.ofSeconds(10));
    }

    @Produces
    @Singleton
    BusMetrics metrics(MeterRegistry registry) {
        return new BusMetrics(registry);
    }

    @Produces
    @Singleton
    EventPublisher publisher(Queues queues, BusMetrics metrics, EventBusConfig config, Config all, BusIdentity identity,
            Distributor distributor, Vertx vertx) {
        PublishRouting routing = config.distributor().routeOnPublish()
                ? new RouteOnPublish(queues, distributor, identity.consumer(), config.trail().enabled())
                : null;
        return new EventPublisher(queues, metrics, Clock.systemUTC(),
                config.trail().enabled() ? config.trail().retention() : null, redisTimeout(all), routing, vertx);
    }

    @Produces
    @Singleton
    EventTrail trail(Queues queues) {
        return new EventTrail(queues.redis(), queues.keys());
    }

    @Produces
    @Singleton
    EventTail tail(Queues queues) {
        return new EventTail(queues.redis(), queues.keys());
    }

    @Produces
    @Singleton
    RetryPolicy retryPolicy(EventBusConfig config) {
        EventBusConfig.Retry retry = config.retry();
        return new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.multiplier(), retry.maxBackoff(),
                config.claimIdle());
    }

    @Produces
    @Singleton
    Distributor distributor(Queues queues, BusMetrics metrics, BusIdentity identity, EventBusConfig config) {
        EventBusConfig.Distributor d = config.distributor();
        return new Distributor(queues, metrics, identity.consumer(), d.batchSize(), d.block(), config.claimIdle(),
                config.retry().maxAttempts(), config.reconnectBackoff(), config.reconnectMaxBackoff(), Clock.systemUTC(),
                config.trail().enabled(), d.redisModule());
    }

    @Produces
    @Singleton
    ServiceConsumer consumer(Queues queues, HandlerCatalog catalog, BusMetrics metrics, BusIdentity identity,
            EventBusConfig config, RetryPolicy retry) {
        EventBusConfig.Consumer c = config.consumer();
        ServiceConsumer.Settings settings = new ServiceConsumer.Settings(identity.service(), identity.consumer(),
                c.batchSize(), c.concurrency(), c.block(), c.shutdownTimeout(), config.dedupRetention(), retry,
                config.reconnectBackoff(), config.reconnectMaxBackoff(), config.trail().enabled());
        return new ServiceConsumer(queues, catalog, metrics, settings, Clock.systemUTC());
    }

    @Produces
    @Singleton
    SubscriptionRegistrar registrar(Queues queues, BusIdentity identity, HandlerCatalog catalog, EventBusConfig config) {
        return new SubscriptionRegistrar(queues, identity.service(), catalog.eventTypes(), config.distributor().enabled());
    }
}
