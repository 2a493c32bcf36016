package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.RespConnection;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code ORDERFLOW.ROUTE} writes reaches the append-only file (and so replicas) as Redis
 * would write it: the copies with their ids, the acknowledgements, the counters. The module
 * appends its copies through the stream API, which Redis does not propagate by itself.
 */
class RedisModulePropagationTest {

    private TestRedis redis;

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRoutedBatchIsTheSameAfterARestartFromTheAppendOnlyFile() {
        redis = TestRedisSource.startWithOrderflowModule("--appendonly", "yes", "--appendfsync", "always");
        assumeTrue(redis.canRestart(), "needs a redis-server of the test's own, to restart it");
        try (RespConnection c = new RespConnection(redis.host(), redis.port())) {
            c.call("XGROUP", "CREATE", "events:all", "all-group", "$", "MKSTREAM");
            c.call("SADD", "events:subscriptions:OrderShippedEvent", "sub:a", "sub:b");
            for (int i = 0; i < 20; i++) {
                c.call("XADD", "events:all", "*", "data", EventCodec.INSTANCE.encode(TestEvents.shipped("order-" + i)));
            }
            c.call("XADD", "events:all", "*", "data", "not an event");
            c.call("HSET", "events:trail:" + "unused", "published_us", "1");

            List<Object> reply = c.callForList("ORDERFLOW.ROUTE", "events:all", "events:", "all-group", "d1", "100", "1");
            assertThat(reply.get(0)).isEqualTo(21L);
            assertThat(groupCursor(c)).as("the group has read all 21 entries, with its count").endsWith("21", "0");
        }
        List<Object> before = state();

        redis.stop();
        redis.start();

        assertThat(state()).as("queues, pending entries and counters after reloading the AOF").isEqualTo(before);
        assertThat(before.get(0).toString()).contains("order-19");
    }

    /** The central group's last delivered id, entries-read count and lag, as XINFO GROUPS gives them. */
    @SuppressWarnings("unchecked")
    private static List<String> groupCursor(RespConnection c) {
        List<Object> group = (List<Object>) c.callForList("XINFO", "GROUPS", "events:all").get(0);
        List<String> cursor = new ArrayList<>();
        for (String field : List.of("last-delivered-id", "entries-read", "lag")) {
            cursor.add(String.valueOf(group.get(group.indexOf(field) + 1)));
        }
        return cursor;
    }

    /**
     * The subscriber queues whole (ids and data), the central group's pending entries (without
     * idle times), the counters, and where the group stands.
     */
    private List<Object> state() {
        try (RespConnection c = new RespConnection(redis.host(), redis.port())) {
            return List.of(c.call("XRANGE", "events:sub:a", "-", "+"), c.call("XRANGE", "events:sub:b", "-", "+"),
                    c.call("XPENDING", "events:all", "all-group"),
                    c.call("HGETALL", "events:stats:distributor"), groupCursor(c));
        }
    }
}
