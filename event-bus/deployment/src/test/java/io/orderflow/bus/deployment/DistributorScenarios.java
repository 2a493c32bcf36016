package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.distributor.NewEntryRouter;
import io.orderflow.bus.distributor.RoutedBatch;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.OutgoingMessage;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.bus.queue.StreamEntry;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.TestRedis;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distributor, driven directly: the application runs none of its own. Run on a plain Redis,
 * where the Lua script routes new entries ({@link DistributorTest}), and on one with Orderflow's
 * Redis module loaded, where {@code ORDERFLOW.ROUTE} does ({@link DistributorOnRedisModuleTest}):
 * every scenario holds for both.
 */
abstract class DistributorScenarios {

    /** The test application: no distributor of its own, publications leave their entries to the ones under test. */
    static QuarkusUnitTest app(TestRedis redis, String service) {
        return BusTestApps.app(redis, service, TestEvents.class, DistributorScenarios.class)
                .overrideConfigKey("orderflow.bus.distributor.enabled", "false")
                .overrideConfigKey("orderflow.bus.distributor.route-on-publish", "false");
    }

    @Inject
    Queues queues;

    @Inject
    EventPublisher publisher;

    @Inject
    BusMetrics metrics;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void cleanBus() {
        RoutingFixture.reset(redis, queues);
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
    void entriesHeldUpByAFullRedisAreDistributedOnceItTakesWritesAgainNotDeadLettered() throws InterruptedException {
        Distributor distributor = distributor("d1", Duration.ofMillis(50));
        List<Event> events = List.of(TestEvents.created("full-1"), TestEvents.paid("full-1"));
        events.forEach(publisher::publish);
        // An instance reads them and dies; then Redis fills up before anyone distributed them.
        assertThat(queues.read("all", "dead", 10, null)).hasSize(2);
        redis.execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.execute("CONFIG", "SET", "maxmemory", "1");
        try {
            // Far more claims than max-attempts (5), each of whose copies Redis refuses.
            for (int claim = 0; claim < 8; claim++) {
                Thread.sleep(80);
                assertThatThrownBy(distributor::distributeClaimed).hasMessageContaining("OOM");
            }
        } finally {
            redis.execute("CONFIG", "SET", "maxmemory", "0");
        }

        Thread.sleep(80);
        assertThat(distributor.distributeClaimed()).isEqualTo(2);
        assertThat(eventIds("sub:a")).containsExactlyInAnyOrderElementsOf(idsOf(events, "OrderCreatedEvent", "PaymentProcessedEvent"));
        assertThat(eventIds("sub:b")).containsExactlyInAnyOrderElementsOf(idsOf(events, "PaymentProcessedEvent"));
        assertThat(queues.dlqEntries("all", "-", 10)).isEmpty();
        assertThat(pending("events:all", "all-group")).isZero();
    }

    @Test
    void idleDistributorsWaitInTheGroupSoThatEachNewEventWakesOneOfThem() throws InterruptedException {
        List<Distributor> distributors = List.of(distributor("d1", Duration.ofSeconds(30)),
                distributor("d2", Duration.ofSeconds(30)), distributor("d3", Duration.ofSeconds(30)));
        distributors.forEach(Distributor::start);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.execute("CLIENT", "LIST").toString().lines()
                    .filter(client -> client.contains("cmd=xreadgroup")).count() >= distributors.size());
            redis.execute("CONFIG", "RESETSTAT");
            int events = 20;
            for (int i = 0; i < events; i++) {
                publisher.publish(TestEvents.created("order-" + i));
                Thread.sleep(20);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> eventIds("sub:a").size() == events);

            Map<String, Long> calls = commandCalls();
            // Per event, the instance it woke distributes it and looks once for more (two scripts, or
            // two module calls); waking every instance would run each instance's routing for every event.
            long routingCalls = calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L)
                    + calls.getOrDefault("orderflow.route", 0L);
            assertThat(routingCalls).isLessThanOrEqualTo(2L * events);
            assertThat(calls).doesNotContainKey("xread");
        } finally {
            distributors.forEach(d -> d.stop(Duration.ofSeconds(5)));
        }
        assertThat(pending("events:all", "all-group")).isZero();
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

    @Test
    void routingInRedisTakesValidEventsOfEveryTypeAndLeavesEveryDoubtfulEntryPendingForJava() {
        List<String> valid = new ArrayList<>();
        for (Event event : List.of(TestEvents.created("o1"), TestEvents.paid("o1"), TestEvents.shipped("o1"))) {
            valid.add(publisher.publish(event));
        }
        Map<String, String> doubtful = doubtfulEntries();

        RoutedBatch batch = new NewEntryRouter(queues).route("d1", 100, false);

        assertThat(batch.read()).isEqualTo(valid.size() + doubtful.size());
        assertThat(batch.left()).extracting(StreamEntry::id).containsExactlyInAnyOrderElementsOf(doubtful.keySet());
        assertThat(batch.routes()).extracting(RoutedBatch.TypeRoute::eventType, RoutedBatch.TypeRoute::events)
                .containsExactlyInAnyOrder(tuple("OrderCreatedEvent", 1L), tuple("PaymentProcessedEvent", 1L),
                        tuple("OrderShippedEvent", 1L));
        assertThat(eventIds("sub:a")).hasSize(2);
        assertThat(eventIds("sub:b")).hasSize(2);
        assertThat(pending("events:all", "all-group")).as("left entries stay pending for the reader")
                .isEqualTo(doubtful.size());
    }

    @Test
    void aMixedBatchIsRoutedDeadLetteredWithReasonsOrExpiredAndNothingIsLeftPending() {
        double distributedBefore = counted("orderflow.bus.distributed", "PaymentProcessedEvent", "sub:b");
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Event event = TestEvents.paid("order-" + i);
            publisher.publish(event);
            paid.add(event.eventId());
        }
        Map<String, String> doubtful = doubtfulEntries();

        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        assertThat(pending("events:all", "all-group")).isZero();
        List<String> reasons = queues.dlqEntries("all", "-", 100).stream()
                .map(m -> m.data().get("_failures").get(0).get("reason").asText()).toList();
        List<String> expectedReasons = doubtful.values().stream().filter(r -> !r.startsWith("routed") && !r.equals("expired"))
                .toList();
        assertThat(reasons).hasSize(expectedReasons.size());
        expectedReasons.forEach(reason -> assertThat(reasons).anySatisfy(r -> assertThat(r).contains(reason)));
        // Valid after all: the Java path routes what the script would not vouch for.
        List<String> toA = new ArrayList<>(paid);
        toA.addAll(List.of("created-empty-items", "created-zero-total", "created-with-ttl"));
        assertThat(eventIds("sub:a")).containsExactlyInAnyOrderElementsOf(toA);
        assertThat(eventIds("sub:b")).containsExactlyInAnyOrderElementsOf(paid);
        assertThat(redis.execute("HGET", "events:stats:distributor", "routed:PaymentProcessedEvent").toLong()).isEqualTo(5);
        assertThat(redis.execute("HGET", "events:stats:distributor", "routed:OrderCreatedEvent").toLong()).isEqualTo(3);
        assertThat(counted("orderflow.bus.distributed", "PaymentProcessedEvent", "sub:b")).isEqualTo(distributedBefore + 5);
        String expired = doubtful.entrySet().stream().filter(e -> e.getValue().equals("expired")).findFirst().orElseThrow().getKey();
        assertThat(redis.execute("XRANGE", "events:all", expired, expired).size()).as("expired entries are removed").isZero();
    }

    @Test
    void anExistingTrailGetsTheCopyTimeOfEachQueueAndNoTrailIsStarted() {
        Event traced = TestEvents.paid("order-1");
        Event untraced = TestEvents.paid("order-2");
        publisher.publish(traced);
        // Written as another producer would: without a trail.
        xadd("data", EventCodec.INSTANCE.encode(untraced));

        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        assertThat(redis.hash(String.class).hgetall("events:trail:" + traced.eventId()))
                .containsKeys("published_us", "distributed:sub:a", "distributed:sub:b");
        assertThat(redis.execute("EXISTS", "events:trail:" + untraced.eventId()).toLong()).isZero();
    }

    @Test
    void routingInRedisTakesTheEventsThePythonReferencePublished() {
        int published = 0;
        for (com.fasterxml.jackson.databind.JsonNode entry : LeanMqProbe.get("events_all")) {
            xadd("data", entry.get("data").asText());
            published++;
        }

        RoutedBatch batch = new NewEntryRouter(queues).route("d1", 100, false);

        assertThat(batch.read()).isEqualTo(published);
        assertThat(batch.left()).as("the reference's JSON (spaces, float timestamps) needs no Java path").isEmpty();
    }

    @Test
    void aBatchLargerThanOneAcknowledgementSliceIsAcknowledgedWhole() {
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            messages.add(OutgoingMessage.of("all", EventCodec.INSTANCE.toTree(TestEvents.shipped("order-" + i))));
        }
        queues.sendAll(messages);

        RoutedBatch batch = new NewEntryRouter(queues).route("d1", 2_500, false);

        assertThat(batch.read()).isEqualTo(2_500);
        assertThat(batch.left()).isEmpty();
        assertThat(pending("events:all", "all-group")).isZero();
        assertThat(redis.execute("XLEN", "events:sub:b").toLong()).isEqualTo(2_500);
    }

    @Test
    void routingLeavesTheServersLenientJsonNumbersAsTheyWere() {
        publisher.publish(TestEvents.shipped("order-1"));
        redis.execute("XADD", "events:all", "*", "data", "{\"event_type\": \"OrderShippedEvent\", \"n\": 007}");

        distributor("d1", Duration.ofSeconds(30)).distributeOnce();

        // cjson's setting is shared by every script on the server: other scripts must still read 007.
        assertThat(redis.execute("EVAL", "return cjson.decode(ARGV[1]).n", "0", "{\"n\": 007}").toInteger()).isEqualTo(7);
    }

    /**
     * Entries the script must not settle itself, by stream id, each with the Java path's outcome:
     * the dead-letter reason, "routed..." for events that are valid after all, or "expired".
     */
    Map<String, String> doubtfulEntries() {
        Map<String, String> entries = new LinkedHashMap<>();
        String shipped = "\"event_id\": \"%s\", \"timestamp\": 1795446637.1776016, \"event_type\": \"OrderShippedEvent\", "
                + "\"order_id\": \"o\", \"tracking_number\": \"T1\", \"carrier\": %s";
        String created = "\"event_id\": \"%s\", \"timestamp\": 1795446637.5, \"event_type\": \"OrderCreatedEvent\", "
                + "\"order_id\": \"o\", \"user_id\": \"u\", \"total\": %s, \"items\": %s";
        String item = "{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1.5, \"quantity\": %s}";
        String payment = "\"event_id\": \"e\", \"timestamp\": 1.5, \"event_type\": \"PaymentProcessedEvent\", "
                + "\"payment_id\": \"p\", \"order_id\": \"o\", \"amount\": 1, \"status\": %s";
        entries.put(xadd("data", "not json at all"), "not JSON");
        entries.put(xadd("payload", "{}"), "no 'data' field");
        entries.put(xadd("data", "[1, 2]"), "not a JSON object but array");
        entries.put(xadd("data", "{\"event_id\": \"e\", \"event_type\": \"OrderCancelledEvent\"}"), "unknown event_type OrderCancelledEvent");
        entries.put(xadd("data", "{\"event_id\": \"e\", \"event_type\": 7}"), "unknown event_type 7");
        entries.put(xadd("data", "{\"event_id\": \"e\", \"order_id\": \"o\"}"), "missing 'event_type'");
        entries.put(xadd("data", "{" + shipped.formatted("e", "null") + "}"), "missing required field 'carrier'");
        entries.put(xadd("data", "{" + shipped.formatted("e", "\"   \"") + "}"), "'carrier' must not be blank");
        entries.put(xadd("data", "{" + shipped.formatted("e", "\"UPS\"") + ", \"note\": 007}"), "Leading zeroes");
        entries.put(xadd("data", "{" + shipped.formatted("e", "\"UPS\"") + ", \"note\": +1}"), "not JSON");
        entries.put(xadd("data", "{" + shipped.formatted("e", "\"UPS\"") + ", \"note\": 0x10}"), "not JSON");
        entries.put(xadd("data", "{" + created.formatted("e", "NaN", "[" + item.formatted("1") + "]") + "}"),
                "'total' must be a finite number");
        entries.put(xadd("data", "{" + created.formatted("e", "\"25.98\"", "[" + item.formatted("1") + "]") + "}"),
                "'total' must be a number");
        entries.put(xadd("data", "{" + created.formatted("e", "-1e-400", "[" + item.formatted("1") + "]") + "}"),
                "'total' must not be negative");
        entries.put(xadd("data", "{" + created.formatted("e", "1", "[" + item.formatted("1.5") + "]") + "}"),
                "'items[0].quantity' must be a whole number");
        entries.put(xadd("data", "{" + created.formatted("e", "1", "{}") + "}"), "'items' must be an array");
        entries.put(xadd("data", "{" + payment.formatted("\"pending\"") + "}"), "'status' must be 'succeeded' or 'failed'");
        entries.put(xadd("data", "{" + created.formatted("created-empty-items", "1", "[]") + "}"), "routed: no items is valid");
        entries.put(xadd("data", "{" + created.formatted("created-zero-total", "-0.0", "[" + item.formatted("1") + "]") + "}"),
                "routed: -0.0 is not negative");
        entries.put(xadd("data", "{" + created.formatted("created-with-ttl", "1", "[" + item.formatted("1") + "]")
                + ", \"_metadata\": {\"id\": \"m\", \"timestamp\": " + (System.currentTimeMillis() / 1000) + ", \"ttl\": 3600}}"),
                "routed: not expired yet");
        entries.put(xadd("data", "{" + created.formatted("created-expired", "1", "[" + item.formatted("1") + "]")
                + ", \"_metadata\": {\"id\": \"m\", \"timestamp\": 1000.5, \"ttl\": 60}}"), "expired");
        return entries;
    }

    String xadd(String field, String value) {
        return redis.execute("XADD", "events:all", "*", field, value).toString();
    }

    static double counted(String meter, String eventType, String queue) {
        var counter = io.micrometer.core.instrument.Metrics.globalRegistry.find(meter)
                .tag("event_type", eventType).tag("queue", queue).counter();
        return counter == null ? 0 : counter.count();
    }

    Distributor distributor(String consumer, Duration claimIdle) {
        return new Distributor(queues, metrics, consumer, 100, Duration.ofMillis(100), claimIdle, 5,
                Duration.ofMillis(50), Duration.ofMillis(500), Clock.systemUTC(), true, true);
    }

    List<String> eventIds(String queue) {
        return RoutingFixture.eventIds(redis, queue);
    }

    static List<String> idsOf(List<Event> events, String... types) {
        List<String> wanted = List.of(types);
        return events.stream().filter(e -> wanted.contains(e.eventType())).map(Event::eventId).toList();
    }

    /** Calls per command since the last CONFIG RESETSTAT, from INFO commandstats. */
    Map<String, Long> commandCalls() {
        Map<String, Long> calls = new HashMap<>();
        redis.execute("INFO", "commandstats").toString().lines().filter(line -> line.startsWith("cmdstat_")).forEach(line -> {
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            String count = line.substring(line.indexOf("calls=") + "calls=".length(), line.indexOf(','));
            calls.put(name, Long.parseLong(count));
        });
        return calls;
    }

    long pending(String key, String group) {
        return redis.execute("XPENDING", key, group).get(0).toLong();
    }

    long lag(String key, String group) {
        return queues.groups(key).stream().filter(g -> group.equals(g.get("name")))
                .mapToLong(g -> Long.parseLong(g.get("lag"))).findFirst().orElse(-1);
    }

    double unrouted() {
        var counter = io.micrometer.core.instrument.Metrics.globalRegistry.find("orderflow.bus.unrouted")
                .tag("event_type", "OrderShippedEvent").counter();
        return counter == null ? 0 : counter.count();
    }
}
