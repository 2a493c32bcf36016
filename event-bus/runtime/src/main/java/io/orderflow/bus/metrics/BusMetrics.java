package io.orderflow.bus.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.orderflow.bus.queue.QueueInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus's Micrometer meters, all named {@code orderflow.bus.*}: counters by event type and
 * queue, per-queue gauges refreshed by the maintenance task, and the handler timer.
 */
public class BusMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    public BusMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void published(String eventType) {
        counter("orderflow.bus.published", "Events appended to the central stream", Tags.of("event_type", eventType)).increment();
    }

    public void distributed(String eventType, String queue) {
        distributed(eventType, queue, 1);
    }

    public void distributed(String eventType, String queue, long copies) {
        counter("orderflow.bus.distributed", "Event copies the distributor appended to a subscriber queue",
                Tags.of("event_type", eventType, "queue", queue)).increment(copies);
    }

    public void unrouted(String eventType) {
        unrouted(eventType, 1);
    }

    public void unrouted(String eventType, long events) {
        counter("orderflow.bus.unrouted", "Events acknowledged by the distributor without any subscriber",
                Tags.of("event_type", eventType)).increment(events);
    }

    public void delivered(String eventType, String queue) {
        counter("orderflow.bus.delivered", "Events a handler handled successfully", Tags.of("event_type", eventType, "queue", queue))
                .increment();
    }

    public void duplicate(String eventType, String queue) {
        counter("orderflow.bus.duplicates", "Redelivered events dropped because they were already handled",
                Tags.of("event_type", eventType, "queue", queue)).increment();
    }

    public void retried(String eventType, String queue) {
        counter("orderflow.bus.retried", "Handler failures that will be retried", Tags.of("event_type", eventType, "queue", queue))
                .increment();
    }

    public void deadLettered(String eventType, String queue) {
        counter("orderflow.bus.dead.lettered", "Entries moved to a dead-letter queue", Tags.of("event_type", eventType, "queue", queue))
                .increment();
    }

    public void expired(String queue, long count) {
        counter("orderflow.bus.expired", "Entries removed because their TTL ran out", Tags.of("queue", queue)).increment(count);
    }

    public void handled(String eventType, String queue, Duration duration) {
        Timer.builder("orderflow.bus.handler")
                .description("Time a handler took, whatever its outcome")
                .tags("event_type", eventType, "queue", queue)
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }

    /** Updates the per-queue gauges from a listing of the queues. */
    public void queues(List<QueueInfo> queues) {
        for (QueueInfo q : queues) {
            gauge("orderflow.bus.queue.length", "Entries in the stream", q.name()).set(q.messageCount());
            gauge("orderflow.bus.queue.pending", "Entries delivered but not acknowledged", q.name()).set(q.pendingMessages());
            gauge("orderflow.bus.queue.lag", "Entries not yet delivered to the group", q.name()).set(Math.max(0, q.lag()));
        }
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private AtomicLong gauge(String name, String description, String queue) {
        return gauges.computeIfAbsent(name + "|" + queue, key -> {
            AtomicLong value = new AtomicLong();
            io.micrometer.core.instrument.Gauge.builder(name, value, AtomicLong::doubleValue)
                    .description(description).tags("queue", queue).register(registry);
            return value;
        });
    }
}
