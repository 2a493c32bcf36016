package io.orderflow.order.store;

import io.orderflow.bus.publish.BusTransaction;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.LuaScript;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.httpapi.PageRequest;
import io.orderflow.order.domain.NewOrder;
import io.orderflow.order.domain.Order;
import io.orderflow.order.domain.OrderProgress;
import io.orderflow.order.domain.OrderStatus;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Orders in Redis: one hash per order plus sorted-set indexes (all, by status, by user), newest
 * first. Creating an order stores it and publishes its OrderCreatedEvent in one transaction;
 * updates are compare-and-set on the order's version, so concurrent replicas never lose one.
 */
@ApplicationScoped
public class OrderStore {

    /** What creating returned: the order, and whether an earlier request with the same key made it. */
    public record Created(Order order, boolean replayed) {
    }

    /** A page of orders, and whether more follow. */
    public record Page(List<Order> orders, boolean more) {
    }

    /** The outcome of applying an event to an order. */
    public enum Update { APPLIED, UNCHANGED, MISSING }

    /** An Idempotency-Key that was used before for a different request. */
    public static final class IdempotencyConflict extends RuntimeException {
        public IdempotencyConflict(String key) {
            super("Idempotency-Key '" + key + "' was already used for a different request");
        }
    }

    private static final int MAX_ATTEMPTS = 20;

    /**
     * KEYS: order, old status index, new status index. ARGV: expected version, order id, score,
     * new status, then field/value pairs.
     */
    private static final LuaScript COMPARE_AND_SET = new LuaScript("""
            if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[4], unpack(ARGV, 5))
            redis.call('HINCRBY', KEYS[1], 'version', 1)
            if KEYS[2] ~= KEYS[3] then
              redis.call('ZREM', KEYS[2], ARGV[2])
              redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
            end
            return 1
            """);

    private final RedisDataSource redis;
    private final EventPublisher publisher;
    private final Queues queues;
    private final Clock clock = Clock.systemUTC();

    OrderStore(RedisDataSource redis, EventPublisher publisher, Queues queues) {
        this.redis = redis;
        this.publisher = publisher;
        this.queues = queues;
    }

    /**
     * Stores the order and publishes OrderCreatedEvent, atomically. Without waiting: POST /orders
     * stays on the event loop that read the request, instead of handing it to a worker and back.
     */
    public Uni<Order> create(NewOrder request) {
        Order order = newOrder(request);
        return publisher.inTransactionAsync(tx -> stage(order, tx)).replaceWith(order);
    }

    /**
     * Like {@link #create(NewOrder)}, once per key: a repeated key with the same request returns
     * the order the first one made and publishes nothing.
     */
    public Created create(NewOrder request, String idempotencyKey, String requestFingerprint, Duration retention) {
        String key = OrderKeys.idempotency(idempotencyKey);
        Order order = newOrder(request);
        Map<String, String> earlier = publisher.inTransactionUntilApplied(
                ds -> ds.hash(String.class).hgetall(key),
                (existing, tx) -> {
                    if (existing.isEmpty()) {
                        tx.execute("HSET", key, "order_id", order.orderId(), "fingerprint", requestFingerprint);
                        tx.execute("EXPIRE", key, String.valueOf(retention.toSeconds()));
                        stage(order, tx);
                    }
                },
                key);
        if (earlier.isEmpty()) {
            return new Created(order, false);
        }
        if (!requestFingerprint.equals(earlier.get("fingerprint"))) {
            throw new IdempotencyConflict(idempotencyKey);
        }
        return new Created(find(earlier.get("order_id")).orElseThrow(() -> new IllegalStateException(
                "Idempotency-Key " + idempotencyKey + " names order " + earlier.get("order_id") + ", which does not exist")),
                true);
    }

    public Optional<Order> find(String orderId) {
        Map<String, String> hash = redis.hash(String.class).hgetall(OrderKeys.order(orderId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(OrderCodec.fromHash(hash));
    }

    /** Orders newest first, filtered by status and/or user; the cursor is an offset into the result. */
    public Page list(Optional<OrderStatus> status, Optional<String> userId, PageRequest paging) {
        int limit = paging.limit();
        int offset = paging.offset();
        if (userId.isPresent() && status.isPresent()) {
            List<Order> matching = new ArrayList<>();
            for (String id : redis.sortedSet(String.class).zrange(OrderKeys.byUser(userId.get()), 0, -1,
                    new io.quarkus.redis.datasource.sortedset.ZRangeArgs().rev())) {
                find(id).filter(o -> o.status() == status.get()).ifPresent(matching::add);
            }
            List<Order> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
            return new Page(List.copyOf(page), offset + limit < matching.size());
        }
        String index = userId.map(OrderKeys::byUser).orElse(status.map(OrderKeys::byStatus).orElse(OrderKeys.all()));
        List<String> ids = redis.sortedSet(String.class).zrange(index, offset, offset + limit,
                new io.quarkus.redis.datasource.sortedset.ZRangeArgs().rev());
        List<Order> orders = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(limit, ids.size()))) {
            find(id).ifPresent(orders::add);
        }
        return new Page(orders, ids.size() > limit);
    }

    /**
     * Applies what an event does to an order, retrying when another replica changed it meanwhile.
     * Without waiting: each read and compare-and-set is chained on the event loop, so a handler
     * that returns this Uni holds no thread while Redis answers.
     */
    public Uni<Update> update(String orderId, Function<Order, Optional<OrderProgress.Change>> progress) {
        return update(orderId, progress, 1);
    }

    private Uni<Update> update(String orderId, Function<Order, Optional<OrderProgress.Change>> progress, int attempt) {
        if (attempt > MAX_ATTEMPTS) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "order " + orderId + " kept changing under " + MAX_ATTEMPTS + " attempts"));
        }
        return queues.hashAsync(OrderKeys.order(orderId))
                .chain(hash -> hash.isEmpty() ? Uni.createFrom().item(Update.MISSING)
                        : compareAndSet(OrderCodec.fromHash(hash), progress, attempt));
    }

    private Uni<Update> compareAndSet(Order order, Function<Order, Optional<OrderProgress.Change>> progress, int attempt) {
        Optional<OrderProgress.Change> change = progress.apply(order);
        if (change.isEmpty()) {
            return Uni.createFrom().item(Update.UNCHANGED);
        }
        String orderId = order.orderId();
        List<String> args = new ArrayList<>(List.of(String.valueOf(order.version()), orderId,
                String.valueOf(order.createdAt().toEpochMilli()), change.get().status().wireName()));
        change.get().fields().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        args.add("updated_at");
        args.add(clock.instant().toString());
        List<String> keys = List.of(OrderKeys.order(orderId), OrderKeys.byStatus(order.status()),
                OrderKeys.byStatus(change.get().status()));
        return COMPARE_AND_SET.runAsync(queues::executeAsync, keys, args)
                .chain(applied -> applied.toLong() == 1 ? Uni.createFrom().item(Update.APPLIED)
                        : update(orderId, progress, attempt + 1));
    }

    private Order newOrder(NewOrder request) {
        Instant now = clock.instant();
        return new Order("order-" + UUID.randomUUID(), request.userId(), request.items(), request.total(),
                OrderStatus.CREATED, null, null, null, now, now, null, 0);
    }

    private static void stage(Order order, BusTransaction tx) {
        String score = String.valueOf(order.createdAt().toEpochMilli());
        tx.hset(OrderKeys.order(order.orderId()), OrderCodec.toHash(order));
        tx.execute("ZADD", OrderKeys.all(), score, order.orderId());
        tx.execute("ZADD", OrderKeys.byStatus(order.status()), score, order.orderId());
        tx.execute("ZADD", OrderKeys.byUser(order.userId()), score, order.orderId());
        tx.publish(OrderCreatedEvent.of(order.orderId(), order.userId(), order.total(), order.items()));
    }
}
