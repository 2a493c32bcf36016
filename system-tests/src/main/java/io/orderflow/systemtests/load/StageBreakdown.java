package io.orderflow.systemtests.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.systemtests.api.JsonHttp;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where POST-to-shipped goes, from the bus's trail of each order ({@code GET /orders/{id}/events}):
 * the order's way cut into consecutive stages, each ending where the next begins, so that the
 * stages of one order add up to its POST-to-handled-by-order-service time. Read after the run, so
 * the reads add nothing to the figures.
 */
final class StageBreakdown {

    /** An order placed at {@code sentAt} (the driver's clock, the same as the services' on this machine). */
    record Placed(String orderId, Instant sentAt) {
    }

    static final List<String> STAGES = List.of(
            "POST sent -> OrderCreatedEvent published (order-service: HTTP, parse, store+publish)",
            "-> copied to sub:payment-service (distributor)",
            "-> PaymentProcessedEvent published (payment-service: read, dedup check, handler)",
            "-> copied to sub:shipping-service (distributor)",
            "-> OrderShippedEvent published (shipping-service: read, dedup check, handler)",
            "-> copied to sub:order-service (distributor)",
            "-> handled and acknowledged by order-service (read, dedup check, update, ack)",
            "total: POST sent -> OrderShippedEvent handled by order-service");

    private final Map<String, List<Duration>> samples = new LinkedHashMap<>();

    StageBreakdown() {
        STAGES.forEach(stage -> samples.put(stage, new ArrayList<>()));
    }

    /** Reads the trail of every order; orders whose trail is incomplete are left out (and counted). */
    static StageBreakdown of(JsonHttp http, URI orderService, List<Placed> orders) {
        StageBreakdown breakdown = new StageBreakdown();
        for (Placed order : orders) {
            JsonHttp.Reply reply = http.get(orderService.resolve("/orders/" + order.orderId() + "/events"));
            if (reply.status() != 200) {
                throw new IllegalStateException("GET /orders/" + order.orderId() + "/events answered " + reply.status()
                        + ": " + reply.body());
            }
            breakdown.add(order.sentAt(), reply.json().path("events"));
        }
        return breakdown;
    }

    /** Adds one order's stages, from the {@code events} of its journey; an incomplete trail is left out. */
    void add(Instant sentAt, JsonNode events) {
        JsonNode created = event(events, "OrderCreatedEvent");
        JsonNode paid = event(events, "PaymentProcessedEvent");
        JsonNode shipped = event(events, "OrderShippedEvent");
        if (created == null || paid == null || shipped == null) {
            return;
        }
        List<Instant> points = new ArrayList<>(List.of(sentAt, instant(created.path("published_at"))));
        points.add(hop(created, "sub:payment-service", "distributed_at"));
        points.add(instant(paid.path("published_at")));
        points.add(hop(paid, "sub:shipping-service", "distributed_at"));
        points.add(instant(shipped.path("published_at")));
        points.add(hop(shipped, "sub:order-service", "distributed_at"));
        points.add(hop(shipped, "sub:order-service", "handled_at"));
        if (points.contains(null)) {
            return;
        }
        for (int i = 0; i + 1 < points.size(); i++) {
            samples.get(STAGES.get(i)).add(Duration.between(points.get(i), points.get(i + 1)));
        }
        samples.get(STAGES.getLast()).add(Duration.between(points.getFirst(), points.getLast()));
    }

    Map<String, Percentiles> percentiles() {
        Map<String, Percentiles> result = new LinkedHashMap<>();
        samples.forEach((stage, durations) -> result.put(stage, Percentiles.of(durations)));
        return result;
    }

    /** A Markdown table: stage, p50, p95, p99. */
    String markdown() {
        StringBuilder table = new StringBuilder("| stage | p50 | p95 | p99 |\n|---|---|---|---|\n");
        percentiles().forEach((stage, p) -> table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", stage,
                Millis.of(p.p50()), Millis.of(p.p95()), Millis.of(p.p99()))));
        return table.toString();
    }

    private static JsonNode event(JsonNode events, String type) {
        for (JsonNode event : events) {
            if (type.equals(event.path("event_type").asText())) {
                return event;
            }
        }
        return null;
    }

    private static Instant hop(JsonNode event, String queue, String field) {
        for (JsonNode hop : event.path("hops")) {
            if (queue.equals(hop.path("queue").asText())) {
                return instant(hop.path(field));
            }
        }
        return null;
    }

    private static Instant instant(JsonNode value) {
        return value.isTextual() ? Instant.parse(value.asText()) : null;
    }
}
