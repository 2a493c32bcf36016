package io.orderflow.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderProgressTest {

    private static final PaymentProcessedEvent PAID = PaymentProcessedEvent.of("payment-1", "order-1", BigDecimal.TEN,
            PaymentStatus.SUCCEEDED);
    private static final PaymentProcessedEvent DECLINED = PaymentProcessedEvent.of("payment-1", "order-1", BigDecimal.TEN,
            PaymentStatus.FAILED);
    private static final OrderShippedEvent SHIPPED = OrderShippedEvent.of("order-1", "TRACK-0A1B2C3D", "DHL");

    @Test
    void aSucceededPaymentMovesACreatedOrderToPaidAndRecordsThePayment() {
        var change = OrderProgress.afterPayment(order(OrderStatus.CREATED, null), PAID).orElseThrow();

        assertThat(change.status()).isEqualTo(OrderStatus.PAID);
        assertThat(change.fields()).containsEntry("payment_id", "payment-1");
    }

    @Test
    void aFailedPaymentMovesACreatedOrderToPaymentFailed() {
        assertThat(OrderProgress.afterPayment(order(OrderStatus.CREATED, null), DECLINED).orElseThrow().status())
                .isEqualTo(OrderStatus.PAYMENT_FAILED);
    }

    @Test
    void aRepeatedPaymentChangesNothing() {
        assertThat(OrderProgress.afterPayment(order(OrderStatus.PAID, "payment-1"), PAID)).isEmpty();
    }

    @Test
    void aPaymentArrivingAfterTheShipmentKeepsShippedAndRecordsThePayment() {
        var change = OrderProgress.afterPayment(order(OrderStatus.SHIPPED, null), PAID).orElseThrow();

        assertThat(change.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(change.fields()).containsEntry("payment_id", "payment-1");
    }

    @Test
    void aShipmentMovesAPaidOrderToShippedWithTrackingAndCarrier() {
        var change = OrderProgress.afterShipment(order(OrderStatus.PAID, "payment-1"), SHIPPED).orElseThrow();

        assertThat(change.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(change.fields()).containsEntry("tracking_number", "TRACK-0A1B2C3D").containsEntry("carrier", "DHL")
                .containsKey("shipped_at");
    }

    @Test
    void aRepeatedShipmentChangesNothing() {
        assertThat(OrderProgress.afterShipment(order(OrderStatus.SHIPPED, "payment-1"), SHIPPED)).isEmpty();
    }

    @Test
    void aShipmentForAFailedPaymentIsAConflict() {
        assertThatThrownBy(() -> OrderProgress.afterShipment(order(OrderStatus.PAYMENT_FAILED, "payment-1"), SHIPPED))
                .isInstanceOf(OrderProgress.Conflict.class).hasMessageContaining("payment failed");
    }

    @Test
    void statusNeverMovesBack() {
        for (OrderStatus from : OrderStatus.values()) {
            assertThat(from.canMoveTo(OrderStatus.CREATED)).isFalse();
        }
        assertThat(OrderStatus.SHIPPED.canMoveTo(OrderStatus.PAID)).isFalse();
        assertThat(OrderStatus.PAYMENT_FAILED.canMoveTo(OrderStatus.SHIPPED)).isFalse();
        assertThat(OrderStatus.PAID.canMoveTo(OrderStatus.PAYMENT_FAILED)).isFalse();
    }

    private static Order order(OrderStatus status, String paymentId) {
        Instant now = Instant.now();
        return new Order("order-1", "user-1", List.of(new OrderItem("p", "n", BigDecimal.TEN, 1)), BigDecimal.TEN, status,
                paymentId, null, null, now, now, null, 3);
    }
}
