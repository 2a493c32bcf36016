package io.orderflow.bus.trail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bus.queue.BusKeys;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.eventmodel.json.EventFormatException;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the trails the bus records (when {@code orderflow.bus.trail.enabled}): for each event of
 * an order, when it was published, copied to each subscriber queue, and handled there.
 */
public class EventTrail {

    /** One event's way through the bus. */
    public record Entry(String eventId, String eventType, Instant publishedAt, ObjectNode event, List<Hop> hops) {
    }

    /** One subscriber queue's part: distributed (copied) and handled times, and how long handling took. */
    public record Hop(String queue, Instant distributedAt, Instant handledAt, Long handlingMicros) {
    }

    private final RedisDataSource redis;
    private final BusKeys keys;

    public EventTrail(RedisDataSource redis, BusKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The order's events, oldest first; empty when none was recorded (or the trail expired). */
    public List<Entry> ofOrder(String orderId) {
        List<Entry> entries = new ArrayList<>();
        for (String eventId : redis.sortedSet(String.class).zrange(keys.orderTrail(orderId), 0, -1)) {
            Map<String, String> trail = redis.hash(String.class).hgetall(keys.trail(eventId));
            if (!trail.isEmpty()) {
                entries.add(entry(eventId, trail));
            }
        }
        return entries;
    }

    private static Entry entry(String eventId, Map<String, String> trail) {
        Map<String, String[]> byQueue = new TreeMap<>();
        trail.forEach((field, value) -> {
            int colon = field.indexOf(':');
            if (colon > 0) {
                String[] hop = byQueue.computeIfAbsent(field.substring(colon + 1), q -> new String[3]);
                switch (field.substring(0, colon)) {
                    case "distributed" -> hop[0] = value;
                    case "handled" -> hop[1] = value;
                    case "handling_us" -> hop[2] = value;
                    default -> { }
                }
            }
        });
        List<Hop> hops = new ArrayList<>();
        byQueue.forEach((queue, hop) -> hops.add(new Hop(queue, time(hop[0]), time(hop[1]),
                hop[2] == null ? null : Long.parseLong(hop[2]))));
        ObjectNode event;
        try {
            event = EventCodec.INSTANCE.parse(trail.get("data"));
        } catch (EventFormatException e) {
            event = EventCodec.INSTANCE.mapper().createObjectNode();
        }
        return new Entry(eventId, trail.get("event_type"), time(trail.get("published_us")), event, hops);
    }

    private static Instant time(String micros) {
        return micros == null ? null : TrailClock.instant(Long.parseLong(micros));
    }
}
