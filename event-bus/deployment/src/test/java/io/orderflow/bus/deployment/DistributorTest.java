package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The distributor, driven directly: this application runs none of its own. */
class DistributorTest {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "distributor-test", TestEvents.class)
            .overrideConfigKey("orderflow.bus.distributor.enabled", "false");

    @Inject
    Queues queues;

    @Inject
    EventPublisher publisher;

    @Inject
    BusMetrics metrics;

    @Inject
    RedisDataSource redis;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @BeforeEach
    void cleanBus() {
        redis.execute("FLUSHALL");
        queues.createQueuePair("all");
        for (String queue : List.of("sub:a", "sub:b")) {
            queues.createQueuePair(queue);
        }
        redis.execute("SADD", "events:subscriptions:OrderCreatedEvent", "sub:a");
        redis.execute("SADD", "events:subscriptions:PaymentProcessedEvent", "sub:a", "sub:b");
        redis.execute("SADD", "events:subscriptions:OrderShippedEvent", "sub:b");
    }

    @Test
    void twoDistributorsOnOneStreamDeliverEachEventOnceToEachSubscriber() {
        Distributor first = distributor("d1", Duration.ofMillis(300));
        Distributor second = distributor("d2", Duration.ofMillis(300));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(TestEvents.created("order-" + i));
            events.add(TestEvents.paid("order-" + i));
            events.add(TestEvents.shipped("order-" + i));
        }
        // A third instance takes a batch and dies without distributing it: the others claim it.
        events.subList(0, 50).forEach(publisher::publish);
        assertThat(queues.read("all", "dead", 50, null)).hasSize(50);

        first.start();
        second.start();
        try {
            events.subList(50, events.size()).forEach(publisher::publish);
            await().atMost(Duration.ofSeconds(30)).until(() -> pending("events:all", "all-group") == 0
                    && lag("events:all", "all-group") == 0);
        } finally {
            first.stop(Duration.ofSeconds(5));
            second.stop(Duration.ofSeconds(5));
        }

        assertThat(eventIds("sub:a")).containsExactlyInAnyOrderElementsOf(idsOf(events, "OrderCreatedEvent", "PaymentProcessedEvent"));
        assertThat(eventIds("sub:b")).containsExactlyInAnyOrderElementsOf(idsOf(events, "PaymentProcessedEvent", "OrderShippedEvent"));
    }

    @Test
    void aCopyKeepsTheEventAndItsMetadataIdAsPublished() {
        String id = publisher.publish(TestEvents.created("order-1"));
        String original = redis.execute("XRANGE", "events:all", id, id).get(0).get(1).get(1).toString();

        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        List<QueueMessage> copies = queues.read("sub:a", "c", 10, null);
        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).rawData()).isEqualTo(original);
    }

    @Test
    void unknownTypesAndUnparsableEntriesAreDeadLetteredWithTheReasonNeverLeftPending() {
        Map<String, String> junk = new HashMap<>();
        junk.put(redis.execute("XADD", "events:all", "*", "data", "not json at all").toString(), "not JSON");
        junk.put(redis.execute("XADD", "events:all", "*", "data",
                "{\"event_id\": \"e1\", \"timestamp\": 1.5, \"event_type\": \"OrderCancelledEvent\"}").toString(),
                "unknown event_type OrderCancelledEvent");
        junk.put(redis.execute("XADD", "events:all", "*", "data", "{\"event_id\": \"e2\", \"order_id\": \"o\"}").toString(),
                "missing 'event_type'");
        junk.put(redis.execute("XADD", "events:all", "*", "data",
                "{\"event_id\": \"e3\", \"timestamp\": 1.5, \"event_type\": \"OrderShippedEvent\", \"order_id\": \"o\"}").toString(),
                "missing required field 'tracking_number'");
        junk.put(redis.execute("XADD", "events:all", "*", "payload", "{}").toString(), "no 'data' field");
        String good = publisher.publish(TestEvents.shipped("order-1"));

        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        assertThat(pending("events:all", "all-group")).isZero();
        List<QueueMessage> dead = queues.dlqEntries("all", "-", 100);
        assertThat(dead).hasSize(junk.size());
        List<String> reasons = dead.stream()
                .map(m -> m.data().get("_failures").get(0).get("reason").asText()).toList();
        junk.values().forEach(reason -> assertThat(reasons).anySatisfy(r -> assertThat(r).contains(reason)));
        assertThat(eventIds("sub:b")).hasSize(1);
        assertThat(redis.execute("XRANGE", "events:all", good, good).size()).as("good entries stay in history").isEqualTo(1);
    }

    @Test
    void anEventWithoutSubscriberIsAcknowledgedAndCounted() {
        redis.execute("DEL", "events:subscriptions:OrderShippedEvent");
        double before = unrouted();

        publisher.publish(TestEvents.shipped("order-1"));
        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        assertThat(pending("events:all", "all-group")).isZero();
        assertThat(redis.execute("HGET", "events:stats:distributor", "unrouted:OrderShippedEvent").toLong()).isEqualTo(1);
        assertThat(unrouted()).isEqualTo(before + 1);
    }

    @Test
    void theDistributorRecreatesADeletedStreamAndGroupAndGoesOn() {
        Distributor distributor = distributor("d1", Duration.ofSeconds(30));
        distributor.start();
        try {
            publisher.publish(TestEvents.created("order-before"));
            await().atMost(Duration.ofSeconds(10)).until(() -> eventIds("sub:a").size() == 1);

            redis.execute("DEL", "events:all");
            publisher.publish(TestEvents.created("order-after"));

            await().atMost(Duration.ofSeconds(10)).until(() -> eventIds("sub:a").size() == 2);
            assertThat(distributor.isHealthy()).isTrue();
        } finally {
            distributor.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void anEntryForASubscriberKeyThatIsNotAStreamIsDeadLetteredAndNothingIsHalfWritten() {
        redis.execute("DEL", "events:sub:b");
        redis.execute("SET", "events:sub:b", "oops");

        publisher.publish(TestEvents.paid("order-1"));
        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        assertThat(eventIds("sub:a")).isEmpty();
        assertThat(queues.dlqEntries("all", "-", 10)).hasSize(1);
        assertThat(pending("events:all", "all-group")).isZero();
    }

    @Test
    void distributesTheEventsThePythonReferencePublished() {
        List<String> expected = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode entry : LeanMqProbe.get("events_all")) {
            String data = entry.get("data").asText();
            redis.execute("XADD", "events:all", "*", "data", data);
            String type = EventCodec.INSTANCE.parse(data).get("event_type").asText();
            if (!type.equals("OrderCreatedEvent")) {
                expected.add(EventCodec.INSTANCE.parse(data).get("event_id").asText());
            }
        }

        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        assertThat(eventIds("sub:b")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(queues.dlqEntries("all", "-", 10)).isEmpty();
    }

    private Distributor distributor(String consumer, Duration claimIdle) {
        return new Distributor(queues, metrics, consumer, 100, Duration.ofMillis(100), claimIdle, 5,
                Duration.ofMillis(50), Duration.ofMillis(500), Clock.systemUTC(), true);
    }

    private List<String> eventIds(String queue) {
        List<String> ids = new ArrayList<>();
        String key = "events:" + queue;
        if (redis.execute("TYPE", key).toString().equals("stream")) {
            for (Response entry : redis.execute("XRANGE", key, "-", "+")) {
                ids.add(EventCodec.INSTANCE.parse(entry.get(1).get(1).toString()).get("event_id").asText());
            }
        }
        return ids;
    }

    private static List<String> idsOf(List<Event> events, String... types) {
        List<String> wanted = List.of(types);
        return events.stream().filter(e -> wanted.contains(e.eventType())).map(Event::eventId).toList();
    }

    private long pending(String key, String group) {
        return redis.execute("XPENDING", key, group).get(0).toLong();
    }

    private long lag(String key, String group) {
        return queues.groups(key).stream().filter(g -> group.equals(g.get("name")))
                .mapToLong(g -> Long.parseLong(g.get("lag"))).findFirst().orElse(-1);
    }

    private double unrouted() {
        var counter = io.micrometer.core.instrument.Metrics.globalRegistry.find("orderflow.bus.unrouted")
                .tag("event_type", "OrderShippedEvent").counter();
        return counter == null ? 0 : counter.count();
    }
}
