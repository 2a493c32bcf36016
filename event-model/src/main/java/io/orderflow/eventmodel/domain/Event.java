package io.orderflow.eventmodel.domain;

import java.time.Instant;

/**
 * An event of the order pipeline. The set is closed: every event type Orderflow knows is one of
 * the permitted records, so a {@code switch} over an event is checked for completeness by the
 * compiler.
 */
public sealed interface Event permits OrderCreatedEvent, PaymentProcessedEvent, OrderShippedEvent {

    /** Unique id of this event (a UUID string); handlers deduplicate on it. */
    String eventId();

    /** When the event happened. On the wire: epoch seconds with fraction. */
    Instant timestamp();

    /** The order every event of the pipeline belongs to. */
    String orderId();

    /** The wire name, which is the Python reference's class name. */
    default String eventType() {
        return EventTypes.nameOf(getClass());
    }
}
