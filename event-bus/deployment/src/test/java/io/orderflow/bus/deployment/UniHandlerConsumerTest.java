package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.bus.consumer.RetryPolicy;
import io.orderflow.bus.consumer.ServiceConsumer;
import io.orderflow.bus.handler.HandlerCatalog;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Handlers that return a Uni: started on the event loop, settled by their Uni's outcome. */
class UniHandlerConsumerTest {

    static final TestRedis REDIS = TestRedisSource.start();
    static final String QUEUE = "sub:uni-test";
    static final String QUEUE_KEY = "events:" + QUEUE;

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "uni-test", UniRecordingHandlers.class, TestEvents.class)
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

    @Inject
    Vertx vertx;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void aUniHandlerStartsOnTheEventLoopAndItsEntryIsAcknowledgedOnceItsUniCompletes() {
        OrderCreatedEvent event = TestEvents.created("uni-1");
        publisher.publish(event);

        await().atMost(Duration.ofSeconds(10)).until(() -> UniRecordingHandlers.HANDLED.contains("uni-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);

        assertThat(UniRecordingHandlers.CALLED_ON_EVENT_LOOP.get("uni-1")).as("called on an event loop").isTrue();
        assertThat(redis.value(String.class).get("uni:uni-1")).isEqualTo("handled");
        assertThat(redis.execute("EXISTS", "events:handled:" + QUEUE + ":" + event.eventId()).toLong())
                .as("remembered as handled").isOne();
        assertThat(UniRecordingHandlers.calls("uni-1")).isOne();
    }

    @Test
    void handlersCompletingInOneTurnOfTheEventLoopAreAcknowledgedInOneStep() {
        List<OrderCreatedEvent> events = IntStream.range(0, 5).mapToObj(i -> TestEvents.created("gated-" + i)).toList();
        events.forEach(e -> queues.send(QUEUE, EventCodec.INSTANCE.toTree(e)));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().allMatch(e -> UniRecordingHandlers.calls(e.orderId()) == 1));
        long acksBefore = xackCalls();

        // Completing the gate on an event loop completes the five handlers' Unis in that one turn.
        vertx.getOrCreateContext().runOnContext(ignored -> UniRecordingHandlers.GATE.complete(null));

        await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0);
        assertThat(xackCalls() - acksBefore).as("XACK calls for the five entries").isOne();
        for (OrderCreatedEvent e : events) {
            assertThat(redis.execute("EXISTS", "events:handled:" + QUEUE + ":" + e.eventId()).toLong())
                    .as("%s remembered as handled", e.orderId()).isOne();
        }
    }

    @Test
    void aFailedUniIsRetriedWithBackoffThenDeadLetteredWithReasonAttemptsAndException() {
        publisher.publish(TestEvents.created("fail-uni"));

        JsonNode failure = awaitDeadLetter("fail-uni");

        assertThat(UniRecordingHandlers.calls("fail-uni")).isEqualTo(3);
        assertThat(failure.get("reason").asText()).isEqualTo("Handling error: java.lang.IllegalStateException: boom");
        assertThat(failure.get("attempts").asInt()).isEqualTo(3);
        assertThat(failure.get("exception").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aHandlerThatThrowsInsteadOfReturningAUniIsRetriedAndDeadLetteredTheSameWay() {
        publisher.publish(TestEvents.created("throw-uni"));

        JsonNode failure = awaitDeadLetter("throw-uni");

        assertThat(UniRecordingHandlers.calls("throw-uni")).isEqualTo(3);
        assertThat(failure.get("reason").asText()).isEqualTo("Handling error: java.lang.IllegalArgumentException: thrown");
    }

    @Test
    void aUniFailedWithARejectionIsDeadLetteredAtOnce() {
        publisher.publish(TestEvents.created("reject-uni"));

        JsonNode failure = awaitDeadLetter("reject-uni");

        assertThat(UniRecordingHandlers.calls("reject-uni")).isOne();
        assertThat(failure.get("reason").asText()).isEqualTo("Rejected: no such order reject-uni");
        assertThat(failure.get("exception").asText()).isEqualTo("io.orderflow.bus.handler.RejectedEventException");
    }

    @Test
    void aRedeliveredEventIsHandledOnce() {
        String data = EventCodec.INSTANCE.encode(TestEvents.created("dedup-uni"));

        redis.execute("XADD", QUEUE_KEY, "*", "data", data);
        await().atMost(Duration.ofSeconds(10)).until(() -> UniRecordingHandlers.HANDLED.contains("dedup-uni"));
        redis.execute("XADD", QUEUE_KEY, "*", "data", data);

        await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 0 && lag() == 0);
        assertThat(UniRecordingHandlers.calls("dedup-uni")).isOne();
    }

    @Test
    void gracefulShutdownWaitsForRunningUniHandlers() {
        queues.createQueuePair("sub:uni-graceful");
        ServiceConsumer graceful = new ServiceConsumer(queues, catalog, metrics, new ServiceConsumer.Settings("uni-graceful",
                "uni-graceful-1", 10, 4, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofHours(1), retry,
                Duration.ofMillis(50), Duration.ofMillis(500), true), Clock.systemUTC());
        graceful.start();
        queues.send("sub:uni-graceful", EventCodec.INSTANCE.toTree(TestEvents.created("slow-uni")));
        await().atMost(Duration.ofSeconds(10)).until(() -> UniRecordingHandlers.calls("slow-uni") == 1);

        graceful.shutdown();

        assertThat(UniRecordingHandlers.HANDLED).contains("slow-uni");
        assertThat(redis.execute("XPENDING", "events:sub:uni-graceful", "sub:uni-graceful-group").get(0).toLong())
                .as("acknowledged before shutdown returned").isZero();
    }

    /** How often Redis ran XACK, scripts' calls included. */
    private long xackCalls() {
        String stats = redis.execute("INFO", "commandstats").toString();
        Matcher calls = Pattern.compile("cmdstat_xack:calls=(\\d+)").matcher(stats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
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
        return new QueueProbe(queues, redis, QUEUE);
    }
}
