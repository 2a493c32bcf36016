package io.orderflow.payment.store;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import io.orderflow.httpapi.PageRequest;
import io.orderflow.payment.domain.Payment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Payments in Redis: a hash per payment, the order's payment id under
 * {@code payments:by-order:<order>} (the business key: one payment per order), and an index.
 */
@ApplicationScoped
public class PaymentStore {

    /** A page of payments, and whether more follow. */
    public record Page(List<Payment> payments, boolean more) {
    }

    private final RedisDataSource redis;
    private final EventPublisher publisher;

    PaymentStore(RedisDataSource redis, EventPublisher publisher) {
        this.redis = redis;
        this.publisher = publisher;
    }

    /**
     * Stores the payment and publishes its PaymentProcessedEvent in one atomic step, unless the
     * order already has a payment (another delivery or replica got there first). Completes with
     * the order's payment either way, without a thread waiting for Redis on the usual path; the
     * earlier payment is read on a worker (a redelivery, rare). A payment key that holds no
     * payment fails, so that such an order is retried and dead-lettered, not silently skipped.
     */
    public Uni<Payment> recordOnce(Payment payment) {
        String byOrder = byOrder(payment.orderId());
        return publisher.inTransactionIfAbsentAsync(byOrder, tx -> {
            tx.execute("SET", byOrder, payment.paymentId());
            tx.hset(key(payment.paymentId()), toHash(payment));
            tx.execute("ZADD", INDEX, String.valueOf(payment.createdAt().toEpochMilli()), payment.paymentId());
            tx.publish(new PaymentProcessedEvent(UUID.randomUUID().toString(), payment.createdAt(),
                    payment.paymentId(), payment.orderId(), payment.amount(), payment.status()));
        }).chain(recorded -> recorded ? Uni.createFrom().item(payment) : Uni.createFrom().item(() ->
                findByOrder(payment.orderId()).orElseThrow(() -> new IllegalStateException(
                        "order " + payment.orderId() + " has a payment key but no payment")))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    public Optional<Payment> find(String paymentId) {
        Map<String, String> hash = redis.hash(String.class).hgetall(key(paymentId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(fromHash(hash));
    }

    public Optional<Payment> findByOrder(String orderId) {
        return Optional.ofNullable(redis.value(String.class).get(byOrder(orderId))).flatMap(this::find);
    }

    public Page list(PageRequest paging) {
        List<String> ids = redis.sortedSet(String.class).zrange(INDEX, paging.offset(), paging.offset() + paging.limit(),
                new ZRangeArgs().rev());
        List<Payment> payments = new ArrayList<>();
        ids.subList(0, Math.min(paging.limit(), ids.size())).forEach(id -> find(id).ifPresent(payments::add));
        return new Page(payments, ids.size() > paging.limit());
    }

    private static final String INDEX = "payments:index:all";

    private static String key(String paymentId) {
        return "payments:" + paymentId;
    }

    private static String byOrder(String orderId) {
        return "payments:by-order:" + orderId;
    }

    private static Map<String, String> toHash(Payment p) {
        return Map.of("payment_id", p.paymentId(), "order_id", p.orderId(), "amount", p.amount().toPlainString(),
                "status", p.status().wireName(), "created_at", p.createdAt().toString());
    }

    private static Payment fromHash(Map<String, String> h) {
        return new Payment(h.get("payment_id"), h.get("order_id"), new BigDecimal(h.get("amount")),
                PaymentStatus.fromWireName(h.get("status")).orElseThrow(), Instant.parse(h.get("created_at")));
    }
}
