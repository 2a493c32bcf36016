package io.orderflow.order.domain;

import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How payment and shipping events move an order. Pure: given the order as stored and an event,
 * the fields to change, if any. Events may arrive late, twice or out of order (a shipment can
 * overtake its payment); status never moves back, and what an event records is kept.
 */
public final class OrderProgress {

    /** The change to apply to a stored order: its new status and fields. */
    public record Change(OrderStatus status, Map<String, String> fields) {
    }

    /** An event that contradicts the order (a shipment for an order whose payment failed). */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    private OrderProgress() {
    }

    public static Optional<Change> afterPayment(Order order, PaymentProcessedEvent payment) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (order.paymentId() == null) {
            fields.put("payment_id", payment.paymentId());
        }
        OrderStatus target = payment.succeeded() ? OrderStatus.PAID : OrderStatus.PAYMENT_FAILED;
        OrderStatus status = order.status().canMoveTo(target) ? target : order.status();
        if (!payment.succeeded() && order.status() == OrderStatus.SHIPPED) {
            throw new Conflict("order " + order.orderId() + " is shipped but payment " + payment.paymentId() + " failed");
        }
        return fields.isEmpty() && status == order.status() ? Optional.empty() : Optional.of(new Change(status, fields));
    }

    public static Optional<Change> afterShipment(Order order, OrderShippedEvent shipment) {
        if (order.status() == OrderStatus.PAYMENT_FAILED) {
            throw new Conflict("order " + order.orderId() + " cannot ship: its payment failed");
        }
        if (order.status() == OrderStatus.SHIPPED) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("tracking_number", shipment.trackingNumber());
        fields.put("carrier", shipment.carrier());
        fields.put("shipped_at", shipment.timestamp().toString());
        return Optional.of(new Change(OrderStatus.SHIPPED, fields));
    }
}
