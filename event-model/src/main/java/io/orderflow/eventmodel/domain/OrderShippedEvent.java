package io.orderflow.eventmodel.domain;

import java.time.Instant;
import java.util.UUID;

/** An order left the warehouse. Published by shipping-service. */
public record OrderShippedEvent(
        String eventId,
        Instant timestamp,
        String orderId,
        String trackingNumber,
        String carrier) implements Event {

    public OrderShippedEvent {
        FieldRules.requireText("event_id", eventId);
        FieldRules.requirePresent("timestamp", timestamp);
        FieldRules.requireText("order_id", orderId);
        FieldRules.requireText("tracking_number", trackingNumber);
        FieldRules.requireText("carrier", carrier);
    }

    public static OrderShippedEvent of(String orderId, String trackingNumber, String carrier) {
        return new OrderShippedEvent(UUID.randomUUID().toString(), Instant.now(), orderId, trackingNumber, carrier);
    }
}
