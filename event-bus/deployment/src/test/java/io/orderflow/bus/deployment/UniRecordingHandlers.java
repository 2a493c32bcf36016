package io.orderflow.bus.deployment;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.bus.handler.RejectedEventException;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test handlers that return a Uni, with behaviour following the order id: {@code fail-*} fails
 * its Uni, {@code throw-*} throws instead of returning one, {@code reject-*} fails it with a
 * rejection, {@code slow-*} completes after 1.5 s, {@code gated-*} when the test opens {@link #GATE};
 * everything else writes {@code uni:<order>}
 * to Redis and completes when Redis answered. Records every call and whether it came on an event
 * loop.
 */
public class UniRecordingHandlers {

    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final Map<String, Boolean> CALLED_ON_EVENT_LOOP = new ConcurrentHashMap<>();
    static final List<String> HANDLED = new CopyOnWriteArrayList<>();
    static final CompletableFuture<Void> GATE = new CompletableFuture<>();

    private final ReactiveRedisDataSource redis;

    UniRecordingHandlers(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @EventHandler
    Uni<Void> onOrderCreated(OrderCreatedEvent event) {
        String order = event.orderId();
        CALLS.computeIfAbsent(order, o -> new AtomicInteger()).incrementAndGet();
        CALLED_ON_EVENT_LOOP.put(order, Context.isOnEventLoopThread());
        if (order.startsWith("fail-")) {
            return Uni.createFrom().failure(new IllegalStateException("boom"));
        }
        if (order.startsWith("throw-")) {
            throw new IllegalArgumentException("thrown");
        }
        if (order.startsWith("reject-")) {
            return Uni.createFrom().failure(new RejectedEventException("no such order " + order));
        }
        if (order.startsWith("slow-")) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(1500))
                    .invoke(() -> HANDLED.add(order));
        }
        if (order.startsWith("gated-")) {
            return Uni.createFrom().completionStage(GATE).invoke(() -> HANDLED.add(order));
        }
        return redis.value(String.class).set("uni:" + order, "handled").invoke(() -> HANDLED.add(order));
    }

    static int calls(String order) {
        AtomicInteger calls = CALLS.get(order);
        return calls == null ? 0 : calls.get();
    }
}
