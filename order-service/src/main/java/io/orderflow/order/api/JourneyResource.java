package io.orderflow.order.api;

import io.orderflow.bus.trail.EventTrail;
import io.orderflow.httpapi.ApiException;
import io.orderflow.order.store.OrderStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** An order's journey: each of its events, when it was published, copied to each queue, and handled. */
@Path("/orders/{orderId}/events")
@Produces(MediaType.APPLICATION_JSON)
public class JourneyResource {

    /** One event of the journey with its hops. */
    public record JourneyEvent(String eventId, String eventType, Instant publishedAt, Object event, List<HopView> hops) {
    }

    /**
     * One subscriber's part: {@code distribution_ms} from publication to the copy in its queue,
     * {@code queue_wait_ms} from the copy to the handler's start, {@code handling_ms} in the handler.
     */
    public record HopView(String queue, Instant distributedAt, Instant handledAt, Double distributionMs,
            Double queueWaitMs, Double handlingMs) {
    }

    public record Journey(String orderId, String status, List<JourneyEvent> events, Double totalMs) {
    }

    private final EventTrail trail;
    private final OrderStore orders;

    JourneyResource(EventTrail trail, OrderStore orders) {
        this.trail = trail;
        this.orders = orders;
    }

    @GET
    @Operation(summary = "Every event of the order with its times and hop latencies")
    public Journey journey(@PathParam("orderId") String orderId) {
        var order = orders.find(orderId)
                .orElseThrow(() -> new ApiException(404, "order_not_found", "no order " + orderId));
        List<EventTrail.Entry> entries = trail.ofOrder(orderId);
        List<JourneyEvent> events = entries.stream().map(JourneyResource::view).toList();
        Instant first = entries.isEmpty() ? null : entries.get(0).publishedAt();
        Instant last = entries.stream().flatMap(e -> e.hops().stream()).map(EventTrail.Hop::handledAt)
                .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new Journey(orderId, order.status().wireName(), events, millis(first, last));
    }

    private static JourneyEvent view(EventTrail.Entry entry) {
        List<HopView> hops = entry.hops().stream().map(hop -> {
            Double handling = hop.handlingMicros() == null ? null : round(hop.handlingMicros() / 1000.0);
            Double distribution = millis(entry.publishedAt(), hop.distributedAt());
            Double sinceCopy = millis(hop.distributedAt(), hop.handledAt());
            Double wait = sinceCopy == null || handling == null ? null : round(Math.max(0, sinceCopy - handling));
            return new HopView(hop.queue(), hop.distributedAt(), hop.handledAt(), distribution, wait, handling);
        }).toList();
        return new JourneyEvent(entry.eventId(), entry.eventType(), entry.publishedAt(), entry.event(), hops);
    }

    private static Double millis(Instant from, Instant to) {
        return from == null || to == null ? null : round(Duration.between(from, to).toNanos() / 1_000_000.0);
    }

    /** Trail times are microseconds: three decimals of a millisecond. */
    private static double round(double millis) {
        return Math.round(millis * 1000) / 1000.0;
    }
}
