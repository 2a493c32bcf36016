package io.orderflow.order.api;

import io.orderflow.order.domain.Order;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An order as the API shows it (snake_case on the wire). */
public record OrderView(
        String orderId,
        String userId,
        List<ItemView> items,
        BigDecimal total,
        String status,
        String paymentId,
        String trackingNumber,
        String carrier,
        Instant createdAt,
        Instant updatedAt,
        Instant shippedAt) {

    public record ItemView(String productId, String name, BigDecimal price, int quantity) {
    }

    static OrderView of(Order order) {
        return new OrderView(order.orderId(), order.userId(),
                order.items().stream().map(i -> new ItemView(i.productId(), i.name(), i.price(), i.quantity())).toList(),
                order.total(), order.status().wireName(), order.paymentId(), order.trackingNumber(), order.carrier(),
                order.createdAt(), order.updatedAt(), order.shippedAt());
    }
}
