package io.orderflow.bus.deployment;

import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.json.EventCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing tests' bus: the central queue and two subscriber queues, {@code sub:a} (order
 * created, payment processed) and {@code sub:b} (payment processed, order shipped).
 */
final class RoutingFixture {

    private RoutingFixture() {
    }

    /** An empty Redis with the queues and subscriptions above. */
    static void reset(RedisDataSource redis, Queues queues) {
        redis.execute("FLUSHALL");
        queues.createQueuePair("all");
        for (String queue : List.of("sub:a", "sub:b")) {
            queues.createQueuePair(queue);
        }
        redis.execute("SADD", "events:subscriptions:OrderCreatedEvent", "sub:a");
        redis.execute("SADD", "events:subscriptions:PaymentProcessedEvent", "sub:a", "sub:b");
        redis.execute("SADD", "events:subscriptions:OrderShippedEvent", "sub:b");
    }

    /** The event ids a queue's stream holds, in order; none when the stream does not exist. */
    static List<String> eventIds(RedisDataSource redis, String queue) {
        List<String> ids = new ArrayList<>();
        String key = "events:" + queue;
        if (redis.execute("TYPE", key).toString().equals("stream")) {
            for (Response entry : redis.execute("XRANGE", key, "-", "+")) {
                ids.add(EventCodec.INSTANCE.parse(entry.get(1).get(1).toString()).get("event_id").asText());
            }
        }
        return ids;
    }
}
