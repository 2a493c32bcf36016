package io.orderflow.order.domain;

import io.orderflow.eventmodel.domain.OrderItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order as stored: what was bought, by whom, and how far it has come. */
public record Order(
        String orderId,
        String userId,
        List<OrderItem> items,
        BigDecimal total,
        OrderStatus status,
        String paymentId,
        String trackingNumber,
        String carrier,
        Instant createdAt,
        Instant updatedAt,
        Instant shippedAt,
        long version) {

    public Order {
        items = List.copyOf(items);
    }
}
