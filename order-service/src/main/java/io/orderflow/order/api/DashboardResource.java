package io.orderflow.order.api;

import io.orderflow.bus.queue.QueueInfo;
import io.orderflow.bus.queue.Queues;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Read-only figures for the web page: queue depths and events per type. Changing anything
 * (requeue, delete) goes through the bus's guarded operations endpoints.
 */
@Path("/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {

    public record QueueDepth(String name, boolean isDlq, long length, long pending, long lag) {
    }

    private final Queues queues;

    DashboardResource(Queues queues) {
        this.queues = queues;
    }

    @GET
    @Path("/queues")
    @Operation(summary = "Every queue and DLQ with its length, pending entries and lag")
    public List<QueueDepth> queues() {
        return queues.listQueues().stream().map(DashboardResource::depth).toList();
    }

    @GET
    @Path("/event-counts")
    @Operation(summary = "Events distributed so far, by type (and those no service subscribed to)")
    public Map<String, Long> eventCounts() {
        Map<String, Long> counts = new TreeMap<>();
        queues.redis().hash(String.class).hgetall(queues.keys().distributorStats())
                .forEach((field, value) -> counts.put(field, Long.parseLong(value)));
        return counts;
    }

    private static QueueDepth depth(QueueInfo q) {
        return new QueueDepth(q.name(), q.isDlq(), q.messageCount(), q.pendingMessages(), Math.max(0, q.lag()));
    }
}
