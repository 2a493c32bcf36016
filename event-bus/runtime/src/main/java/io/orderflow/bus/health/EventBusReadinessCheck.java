package io.orderflow.bus.health;

import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.bus.consumer.ServiceConsumer;
import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.runtime.EventBusLifecycle;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when Redis answers, the service's queue and subscriptions are registered, and the
 * distributor and consumer this instance runs are reading. DOWN during a Redis outage, UP again
 * once it is over, without a restart.
 */
@Readiness
@Singleton
public class EventBusReadinessCheck implements AsyncHealthCheck {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

    private final ReactiveRedisDataSource redis;
    private final EventBusConfig config;
    private final Distributor distributor;
    private final ServiceConsumer consumer;
    private final EventBusLifecycle lifecycle;

    EventBusReadinessCheck(ReactiveRedisDataSource redis, EventBusConfig config, Distributor distributor,
            ServiceConsumer consumer, EventBusLifecycle lifecycle) {
        this.redis = redis;
        this.config = config;
        this.distributor = distributor;
        this.consumer = consumer;
        this.lifecycle = lifecycle;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING")
                .ifNoItem().after(PING_TIMEOUT).fail()
                .map(pong -> true)
                .onFailure().recoverWithItem(false)
                .map(this::response);
    }

    private HealthCheckResponse response(boolean redisAnswers) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("Orderflow event bus").withData("redis",
                redisAnswers ? "reachable" : "unreachable");
        boolean up = redisAnswers && lifecycle.isRegistered();
        builder.withData("registered", lifecycle.isRegistered());
        if (config.distributor().enabled()) {
            builder.withData("distributor", state(distributor.isHealthy(), distributor.lastError()));
            up &= distributor.isHealthy();
        }
        if (lifecycle.consumesQueue()) {
            builder.withData("consumer", state(consumer.isHealthy(), consumer.lastError()));
            up &= consumer.isHealthy();
        }
        return builder.status(up).build();
    }

    private static String state(boolean healthy, String lastError) {
        return healthy ? "running" : "failing: " + lastError;
    }
}
