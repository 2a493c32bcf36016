package io.orderflow.bus.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A message to send: the queue's name, the caller's JSON object, an optional TTL and an optional
 * {@code _metadata.id} (a fresh UUID when null).
 */
public record OutgoingMessage(String queue, ObjectNode payload, Duration ttl, String metadataId) {

    public static OutgoingMessage of(String queue, ObjectNode payload) {
        return new OutgoingMessage(queue, payload, null, null);
    }

    public OutgoingMessage withTtl(Duration newTtl) {
        return new OutgoingMessage(queue, payload, newTtl, metadataId);
    }
}
