package io.orderflow.bus.deployment;

import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import java.math.BigDecimal;
import java.util.List;

final class TestEvents {

    private TestEvents() {
    }

    static OrderCreatedEvent created(String orderId) {
        return OrderCreatedEvent.of(orderId, "user-1", new BigDecimal("25.98"),
                List.of(new OrderItem("prod-1", "Product 1", new BigDecimal("19.99"), 1),
                        new OrderItem("prod-2", "Accessory 1", new BigDecimal("5.99"), 1)));
    }

    static PaymentProcessedEvent paid(String orderId) {
        return PaymentProcessedEvent.of("payment-" + orderId, orderId, new BigDecimal("25.98"), PaymentStatus.SUCCEEDED);
    }

    static OrderShippedEvent shipped(String orderId) {
        return OrderShippedEvent.of(orderId, "TRACK-0A1B2C3D", "UPS");
    }
}
