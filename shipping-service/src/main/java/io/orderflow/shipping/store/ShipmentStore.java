package io.orderflow.shipping.store;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.httpapi.PageRequest;
import io.orderflow.shipping.domain.Carrier;
import io.orderflow.shipping.domain.Shipment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Shipments in Redis: one hash per order ({@code shipments:<order>}, the business key) and an index. */
@ApplicationScoped
public class ShipmentStore {

    /** A page of shipments, and whether more follow. */
    public record Page(List<Shipment> shipments, boolean more) {
    }

    private static final String INDEX = "shipments:index:all";

    private final RedisDataSource redis;
    private final EventPublisher publisher;

    ShipmentStore(RedisDataSource redis, EventPublisher publisher) {
        this.redis = redis;
        this.publisher = publisher;
    }

    /**
     * Stores the shipment and publishes OrderShippedEvent in one transaction, unless the order
     * already has a shipment. Completes with the order's shipment either way, without a thread
     * waiting for Redis on the usual path; the earlier shipment is read on a worker (a
     * redelivery, rare). A shipment key that holds no shipment fails, so that such an order is
     * retried and dead-lettered, not silently skipped.
     */
    public Uni<Shipment> recordOnce(Shipment shipment) {
        String key = key(shipment.orderId());
        return publisher.inTransactionIfAbsentAsync(key, tx -> {
            tx.hset(key, toHash(shipment));
            tx.execute("ZADD", INDEX, String.valueOf(shipment.createdAt().toEpochMilli()), shipment.orderId());
            tx.publish(new OrderShippedEvent(UUID.randomUUID().toString(), shipment.createdAt(),
                    shipment.orderId(), shipment.trackingNumber(), shipment.carrier().displayName()));
        }).chain(recorded -> recorded ? Uni.createFrom().item(shipment) : Uni.createFrom().item(() ->
                find(shipment.orderId()).orElseThrow(() -> new IllegalStateException(
                        "order " + shipment.orderId() + " has a shipment key but no shipment")))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    public Optional<Shipment> find(String orderId) {
        Map<String, String> hash = redis.hash(String.class).hgetall(key(orderId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(fromHash(hash));
    }

    public Page list(PageRequest paging) {
        List<String> ids = redis.sortedSet(String.class).zrange(INDEX, paging.offset(), paging.offset() + paging.limit(),
                new ZRangeArgs().rev());
        List<Shipment> shipments = new ArrayList<>();
        ids.subList(0, Math.min(paging.limit(), ids.size())).forEach(id -> find(id).ifPresent(shipments::add));
        return new Page(shipments, ids.size() > paging.limit());
    }

    private static String key(String orderId) {
        return "shipments:" + orderId;
    }

    private static Map<String, String> toHash(Shipment s) {
        return Map.of("order_id", s.orderId(), "tracking_number", s.trackingNumber(), "carrier", s.carrier().displayName(),
                "status", s.status(), "created_at", s.createdAt().toString());
    }

    private static Shipment fromHash(Map<String, String> h) {
        return new Shipment(h.get("order_id"), h.get("tracking_number"), Carrier.fromDisplayName(h.get("carrier")).orElseThrow(),
                h.get("status"), Instant.parse(h.get("created_at")));
    }
}
