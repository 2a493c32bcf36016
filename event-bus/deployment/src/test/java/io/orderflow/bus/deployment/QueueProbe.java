package io.orderflow.bus.deployment;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.quarkus.redis.datasource.RedisDataSource;
import java.time.Duration;

/** What a consumer test reads of a service queue: its pending and lag counts and its dead letters. */
final class QueueProbe {

    private final Queues queues;
    private final RedisDataSource redis;
    private final String queue;
    private final String streamKey;
    private final String group;

    QueueProbe(Queues queues, RedisDataSource redis, String queue) {
        this.queues = queues;
        this.redis = redis;
        this.queue = queue;
        this.streamKey = "events:" + queue;
        this.group = queue + "-group";
    }

    /** The first failure recorded on the dead-lettered entry of this order, once there is one. */
    JsonNode awaitDeadLetter(String orderId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> queues.dlqEntries(queue, "-", 1000).stream()
                .filter(QueueMessage::isReadable)
                .filter(m -> orderId.equals(m.data().path("order_id").asText()))
                .map(m -> m.data().get("_failures").get(0))
                .findFirst().orElse(null), f -> f != null);
    }

    long pending() {
        return redis.execute("XPENDING", streamKey, group).get(0).toLong();
    }

    long lag() {
        return queues.groups(streamKey).stream().filter(g -> group.equals(g.get("name")))
                .mapToLong(g -> Long.parseLong(g.get("lag"))).findFirst().orElse(-1);
    }
}
