package io.orderflow.order.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bus.queue.StreamEntry;
import io.orderflow.bus.tail.EventTail;
import io.orderflow.eventmodel.domain.EventTypes;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.eventmodel.json.EventFormatException;
import io.orderflow.httpapi.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * Every event on the bus, live, as Server-Sent Events: {@code curl -N localhost:8081/events/stream}.
 * Tails {@code events:all} without a consumer group (it never takes an event from the
 * distributor). Each SSE event has the stream id as {@code id} and the event type as {@code event};
 * a reconnecting client sends {@code Last-Event-ID} and misses nothing.
 */
@Path("/events/stream")
public class EventStreamResource {

    private static final Logger LOG = Logger.getLogger(EventStreamResource.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final int BATCH = 200;

    private final EventTail tail;

    EventStreamResource(EventTail tail) {
        this.tail = tail;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live events (SSE)", description = "Filters: order_id, type (repeatable). Resume with the "
            + "Last-Event-ID header or last_event_id parameter (a stream id); without it the stream starts from now.")
    public Multi<OutboundSseEvent> stream(@QueryParam("order_id") String orderId, @QueryParam("type") List<String> types,
            @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("last_event_id") String lastEventIdParam,
            @Context Sse sse) {
        Set<String> typeFilter = Set.copyOf(types);
        for (String type : typeFilter) {
            if (EventTypes.typeOf(type).isEmpty()) {
                throw ApiException.invalid("'type' must be one of " + String.join(", ", EventTypes.names()) + ", was " + type);
            }
        }
        String resumeFrom = lastEventId != null ? lastEventId : lastEventIdParam;
        if (resumeFrom != null && !EventTail.isStreamId(resumeFrom)) {
            throw ApiException.invalid("'Last-Event-ID' must be a stream id such as 1795446637178-0");
        }
        // This method runs on the event loop: everything that talks to Redis runs on the stream's own thread.
        return Multi.createFrom().emitter(emitter -> Thread.ofVirtual().name("sse-events").start(
                () -> follow(emitter, sse, resumeFrom, orderId, typeFilter)));
    }

    private void follow(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse, String resumeFrom, String orderId,
            Set<String> types) {
        try {
            String cursor = resumeFrom != null ? resumeFrom : tail.latestId();
            emitter.emit(sse.newEventBuilder().comment("tailing events:all after " + cursor).build());
            long quietSince = System.nanoTime();
            while (!emitter.isCancelled()) {
                List<StreamEntry> entries = tail.after(cursor, BATCH);
                for (StreamEntry entry : entries) {
                    cursor = entry.id();
                    toSse(sse, entry, orderId, types).ifPresent(emitter::emit);
                }
                if (entries.isEmpty()) {
                    if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                        emitter.emit(sse.newEventBuilder().comment("keep-alive").build());
                        quietSince = System.nanoTime();
                    }
                    tail.awaitNewEntries(cursor, Duration.ofSeconds(1));
                } else {
                    quietSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debugf("event stream ended: %s", e);
        }
        emitter.complete();
    }

    private static java.util.Optional<OutboundSseEvent> toSse(Sse sse, StreamEntry entry, String orderId, Set<String> types) {
        ObjectNode event;
        try {
            event = EventCodec.INSTANCE.parse(entry.data());
        } catch (EventFormatException e) {
            return java.util.Optional.empty();
        }
        String type = event.path("event_type").asText("");
        if (orderId != null && !orderId.equals(event.path("order_id").asText(null))) {
            return java.util.Optional.empty();
        }
        if (!types.isEmpty() && !types.contains(type)) {
            return java.util.Optional.empty();
        }
        event.remove("_metadata");
        return java.util.Optional.of(sse.newEventBuilder().id(entry.id()).name(type.isEmpty() ? "unknown" : type)
                .data(String.class, EventCodec.INSTANCE.write(event)).build());
    }
}
