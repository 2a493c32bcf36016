package io.orderflow.eventmodel.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A payment for an order succeeded or failed. Published by payment-service. */
public record PaymentProcessedEvent(
        String eventId,
        Instant timestamp,
        String paymentId,
        String orderId,
        BigDecimal amount,
        PaymentStatus status) implements Event {

    public PaymentProcessedEvent {
        FieldRules.requireText("event_id", eventId);
        FieldRules.requirePresent("timestamp", timestamp);
        FieldRules.requireText("payment_id", paymentId);
        FieldRules.requireText("order_id", orderId);
        FieldRules.requireNonNegative("amount", amount);
        FieldRules.requirePresent("status", status);
    }

    public static PaymentProcessedEvent of(String paymentId, String orderId, BigDecimal amount, PaymentStatus status) {
        return new PaymentProcessedEvent(UUID.randomUUID().toString(), Instant.now(), paymentId, orderId, amount, status);
    }

    public boolean succeeded() {
        return status == PaymentStatus.SUCCEEDED;
    }
}
