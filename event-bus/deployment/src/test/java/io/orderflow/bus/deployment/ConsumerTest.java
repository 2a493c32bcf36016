package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bus.consumer.RetryPolicy;
import io.orderflow.bus.consumer.ServiceConsumer;
import io.orderflow.bus.handler.HandlerCatalog;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.Envelope;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application's own distributor and consumer, end to end through Redis. */
class ConsumerTest {

    static final TestRedis REDIS = TestRedisSource.start();
    static final String QUEUE_KEY = "events:sub:consumer-test";
    static final String GROUP = "sub:consumer-test-group";

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "consumer-test", RecordingHandlers.class, TestEvents.class)
            .overrideConfigKey("orderflow.bus.retry.max-attempts", "3");

    @Inject
    EventPublisher publisher;

    @Inject
    Queues queues;

    @Inject
    RedisDataSource redis;

    @Inject
    HandlerCatalog catalog;

    @Inject
    BusMetrics metrics;

    @Inject
    RetryPolicy retry;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void subscribesItsQueueToTheTypesItHandles() {
        assertThat(redis.execute("SISMEMBER", "events:subscriptions:OrderCreatedEvent", "sub:consumer-test").toLong()).isOne();
        assertThat(redis.execute("SISMEMBER", "events:subscriptions:PaymentProcessedEvent", "sub:consumer-test").toLong()).isOne();
        assertThat(redis.execute("SISMEMBER", "events:subscriptions:OrderShippedEvent", "sub:consumer-test").toLong()).isZero();
        assertThat(catalog.eventTypes()).containsExactlyInAnyOrder("OrderCreatedEvent", "PaymentProcessedEvent");
    }

    @Test
    void routesEachEventToTheHandlerOfItsTypeAndAcknowledgesIt() {
        publisher.publish(TestEvents.created("route-1"));
        publisher.publish(TestEvents.paid("route-1"));

        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.HANDLED.containsAll(List.of("route-1", "payment:route-1")));
        await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
    }

    @Test
    void aFailingHandlerIsRetriedWithBackoffThenDeadLetteredWithReasonAttemptsAndException() {
        publisher.publish(TestEvents.created("fail-1"));

        JsonNode failure = awaitDeadLetter("fail-1");

        assertThat(RecordingHandlers.calls("fail-1")).isEqualTo(3);
        assertThat(failure.get("reason").asText()).isEqualTo("Handling error: java.lang.IllegalStateException: boom");
        assertThat(failure.get("attempts").asInt()).isEqualTo(3);
        assertThat(failure.get("exception").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aRejectedEventIsDeadLetteredAtOnce() {
        publisher.publish(TestEvents.created("reject-1"));

        JsonNode failure = awaitDeadLetter("reject-1");

        assertThat(RecordingHandlers.calls("reject-1")).isEqualTo(1);
        assertThat(failure.get("reason").asText()).isEqualTo("Rejected: no such order reject-1");
    }

    @Test
    void aPoisonEntryNeverBlocksTheEntriesBehindIt() {
        publisher.publish(TestEvents.created("fail-slowly-poison"));
        redis.execute("XADD", QUEUE_KEY, "*", "data", "{broken");
        List<String> good = IntStream.range(0, 20).mapToObj(i -> "behind-" + i).toList();
        good.forEach(order -> publisher.publish(TestEvents.created(order)));

        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.HANDLED.containsAll(good));
        awaitDeadLetter("fail-slowly-poison");

        assertThat(good).allSatisfy(order -> assertThat(RecordingHandlers.HANDLED_AT.get(order))
                .as("handled before the poison entry's last attempt").isBefore(RecordingHandlers.LAST_CALL.get("fail-slowly-poison")));
        await().atMost(Duration.ofSeconds(5)).until(() -> queues.dlqEntries("sub:consumer-test", "-", 1000).stream()
                .anyMatch(m -> m.data().has("_raw") && m.data().get("_failures").get(0).get("reason").asText()
                        .startsWith("Unreadable entry")));
    }

    @Test
    void anEntryWhoseTtlRanOutIsNeverHandledAndIsRemovedFromTheQueue() {
        // Written a minute ago with a TTL of one second, as a LeanMQ sender would have.
        ObjectNode stale = Envelope.withMetadata(EventCodec.INSTANCE.toTree(TestEvents.created("expired-1")), null,
                Instant.now().minusSeconds(60), Duration.ofSeconds(1));
        String id = redis.execute("XADD", QUEUE_KEY, "*", "data", EventCodec.INSTANCE.write(stale)).toString();
        publisher.publish(TestEvents.created("fresh-after-expired"));

        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.HANDLED.contains("fresh-after-expired"));
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.execute("XRANGE", QUEUE_KEY, id, id).size() == 0);
        assertThat(RecordingHandlers.calls("expired-1")).isZero();
    }

    @Test
    void aRedeliveredEventIsHandledOnce() {
        OrderCreatedEvent event = TestEvents.created("dedup-1");
        String data = EventCodec.INSTANCE.encode(event);

        redis.execute("XADD", QUEUE_KEY, "*", "data", data);
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.HANDLED.contains("dedup-1"));
        redis.execute("XADD", QUEUE_KEY, "*", "data", data);

        await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0 && lag() == 0);
        assertThat(RecordingHandlers.calls("dedup-1")).isEqualTo(1);
    }

    @Test
    void anEntryLeftPendingByADeadConsumerIsClaimedAndHandled() {
        redis.execute("XADD", QUEUE_KEY, "*", "data", EventCodec.INSTANCE.encode(TestEvents.created("orphan-1")));
        // Another instance reads it and dies before acknowledging.
        redis.execute("XREADGROUP", "GROUP", GROUP, "dead-instance", "COUNT", "100", "STREAMS", QUEUE_KEY, ">");

        await().atMost(Duration.ofSeconds(15)).until(() -> RecordingHandlers.HANDLED.contains("orphan-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
        assertThat(RecordingHandlers.calls("orphan-1")).isEqualTo(1);
    }

    @Test
    void aSlowHandlerIsNotRedeliveredWhileItIsStillRunning() {
        ServiceConsumer other = consumer("consumer-test", "other-instance");
        other.start();
        try {
            publisher.publish(TestEvents.created("slow-1"));

            await().atMost(Duration.ofSeconds(15)).until(() -> RecordingHandlers.HANDLED.contains("slow-1"));
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
            assertThat(RecordingHandlers.calls("slow-1")).as("handled once although it ran past claim-idle").isEqualTo(1);
        } finally {
            other.shutdown();
        }
    }

    @Test
    void gracefulShutdownFinishesRunningHandlersAndStopsReading() {
        queues.createQueuePair("sub:graceful");
        ServiceConsumer graceful = consumer("graceful", "graceful-1");
        graceful.start();
        queues.send("sub:graceful", EventCodec.INSTANCE.toTree(TestEvents.created("slow-graceful")));
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.calls("slow-graceful") == 1);

        graceful.shutdown();

        assertThat(RecordingHandlers.HANDLED).contains("slow-graceful");
        assertThat(redis.execute("XPENDING", "events:sub:graceful", "sub:graceful-group").get(0).toLong()).isZero();
        queues.send("sub:graceful", EventCodec.INSTANCE.toTree(TestEvents.created("after-shutdown")));
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> true);
        assertThat(RecordingHandlers.calls("after-shutdown")).isZero();
    }

    @Test
    void consumptionResumesAfterTheQueueStreamIsDeleted() {
        publisher.publish(TestEvents.created("before-delete"));
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.HANDLED.contains("before-delete"));

        redis.execute("DEL", QUEUE_KEY);
        publisher.publish(TestEvents.created("after-delete"));

        await().atMost(Duration.ofSeconds(15)).until(() -> RecordingHandlers.HANDLED.contains("after-delete"));
    }

    private ServiceConsumer consumer(String service, String consumerName) {
        ServiceConsumer.Settings settings = new ServiceConsumer.Settings(service, consumerName, 10, 4,
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofHours(1), retry, Duration.ofMillis(50),
                Duration.ofMillis(500), true);
        return new ServiceConsumer(queues, catalog, metrics, settings, Clock.systemUTC());
    }

    private JsonNode awaitDeadLetter(String orderId) {
        return probe().awaitDeadLetter(orderId);
    }

    private long pending() {
        return probe().pending();
    }

    private long lag() {
        return probe().lag();
    }

    private QueueProbe probe() {
        return new QueueProbe(queues, redis, "sub:consumer-test");
    }
}
