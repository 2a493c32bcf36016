package io.orderflow.bus.queue;

import java.time.Duration;

/** One entry of a group's pending list: who holds it, for how long, delivered how often. */
public record PendingEntry(String id, String consumer, Duration idle, long deliveries) {
}
