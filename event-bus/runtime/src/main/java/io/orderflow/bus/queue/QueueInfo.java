package io.orderflow.bus.queue;

/**
 * What {@code list_queues} tells about one queue or DLQ: its full key, length, group, the
 * entries delivered but not acknowledged (pending), the entries not yet delivered (lag, -1 when
 * Redis cannot tell) and the creation time from its metadata (0 when unknown).
 */
public record QueueInfo(
        String name,
        boolean isDlq,
        long messageCount,
        String consumerGroup,
        long pendingMessages,
        long lag,
        double createdAt) {
}
