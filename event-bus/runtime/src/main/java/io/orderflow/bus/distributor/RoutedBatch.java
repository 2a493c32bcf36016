package io.orderflow.bus.distributor;

import io.orderflow.bus.queue.StreamEntry;
import io.orderflow.bus.queue.StreamReplies;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one run of the routing script did: how many new entries it read, the copies it made per
 * event type, and the entries it left pending for the Java path.
 *
 * @param read entries read from the central stream, routed or not
 * @param routes per event type: its subscriber queues and how many events went to each (none:
 *        acknowledged and counted as unrouted)
 * @param left entries the script did not settle, still pending for this consumer
 */
public record RoutedBatch(int read, List<TypeRoute> routes, List<StreamEntry> left) {

    /** Events of one type the script appended to each of {@code queues}. */
    public record TypeRoute(String eventType, List<String> queues, long events) {
    }

    static RoutedBatch of(Response reply) {
        Response summary = reply.get(1);
        List<TypeRoute> routes = new ArrayList<>();
        for (int i = 0; i + 2 < summary.size(); i += 3) {
            String queues = summary.get(i + 1).toString();
            routes.add(new TypeRoute(summary.get(i).toString(),
                    queues.isEmpty() ? List.of() : Arrays.asList(queues.split(" ")), summary.get(i + 2).toLong()));
        }
        return new RoutedBatch(reply.get(0).toInteger(), List.copyOf(routes), StreamReplies.entries(reply.get(2)));
    }
}
