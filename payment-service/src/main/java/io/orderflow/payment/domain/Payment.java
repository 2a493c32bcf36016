package io.orderflow.payment.domain;

import io.orderflow.eventmodel.domain.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;

/** The one payment of an order. */
public record Payment(String paymentId, String orderId, BigDecimal amount, PaymentStatus status, Instant createdAt) {
}
