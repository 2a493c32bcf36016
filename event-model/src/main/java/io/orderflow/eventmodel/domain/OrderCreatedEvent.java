package io.orderflow.eventmodel.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order was placed. Published by order-service; payment-service reacts to it. */
public record OrderCreatedEvent(
        String eventId,
        Instant timestamp,
        String orderId,
        String userId,
        BigDecimal total,
        List<OrderItem> items) implements Event {

    public OrderCreatedEvent {
        FieldRules.requireText("event_id", eventId);
        FieldRules.requirePresent("timestamp", timestamp);
        FieldRules.requireText("order_id", orderId);
        FieldRules.requireText("user_id", userId);
        FieldRules.requireNonNegative("total", total);
        FieldRules.requirePresent("items", items);
        items = List.copyOf(items);
    }

    /** A new event with a fresh id, stamped now. */
    public static OrderCreatedEvent of(String orderId, String userId, BigDecimal total, List<OrderItem> items) {
        return new OrderCreatedEvent(UUID.randomUUID().toString(), Instant.now(), orderId, userId, total, items);
    }
}
