package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.transactions.OptimisticLockingTransactionResult;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Publications route their own events: no distributor runs in this application, so whatever
 * reached a subscriber queue when {@code publish} returned was routed by the publication itself.
 */
class RouteOnPublishTest {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "route-on-publish-test", TestEvents.class)
            .overrideConfigKey("orderflow.bus.distributor.enabled", "false");

    @Inject
    EventPublisher publisher;

    @Inject
    Distributor distributor;

    @Inject
    Queues queues;

    @Inject
    RedisDataSource redis;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @BeforeEach
    void cleanBus() {
        RoutingFixture.reset(redis, queues);
    }

    @Test
    void aPublicationCopiesItsEventToEverySubscriberAndAcknowledgesItInTheSameStep() {
        Event paid = TestEvents.paid("order-1");

        String id = publisher.publish(paid);

        assertThat(eventIds("sub:a")).containsExactly(paid.eventId());
        assertThat(eventIds("sub:b")).containsExactly(paid.eventId());
        assertThat(pendingAndLag()).as("nothing left for a distributor").containsExactly(0L, 0L);
        String original = redis.execute("XRANGE", "events:all", id, id).get(0).get(1).get(1).toString();
        assertThat(queues.read("sub:b", "c", 10, null)).extracting(QueueMessage::rawData).containsExactly(original);
    }

    @Test
    void anAppliedCheckThenActCopiesItsEventAndAnswersOnlyForTheCallersCommands() {
        Event created = TestEvents.created("o-1");

        OptimisticLockingTransactionResult<Boolean> result = publisher.inTransaction(
                ds -> ds.execute("EXISTS", "order:o-1").toLong() == 1,
                (exists, tx) -> {
                    tx.execute("HSET", "order:o-1", "status", "created");
                    tx.publish(created);
                },
                "order:o-1");

        assertThat(result.discarded()).isFalse();
        assertThat(result.hasErrors()).isFalse();
        // HSET, then the publication's XADD and its trail (HSET, EXPIRE, ZADD, EXPIRE): no reply of the routing step.
        assertThat(result.size()).isEqualTo(6);
        assertThat(eventIds("sub:a")).containsExactly(created.eventId());
    }

    @Test
    void entriesTheScriptCannotVouchForTakeTheDistributorsJavaPath() {
        redis.execute("XADD", "events:all", "*", "data", "not json at all");
        Event created = TestEvents.created("order-1");

        // One event published: the routing step reads one entry, the oldest new one (the junk).
        publisher.publish(created);

        List<QueueMessage> dead = queues.dlqEntries("all", "-", 10);
        assertThat(dead).as("dead-lettered with its reason by the publication").hasSize(1);
        assertThat(dead.get(0).data().get("_failures").get(0).get("reason").asText()).contains("not JSON");
        assertThat(redis.execute("XPENDING", "events:all", "all-group").get(0).toLong()).isZero();
        assertThat(eventIds("sub:a")).as("the event is left to a distributor, behind the junk").isEmpty();
        distributor.distributeOnce();
        assertThat(eventIds("sub:a")).containsExactly(created.eventId());
    }

    @Test
    void aPublicationAnsweredOnTheEventLoopLeavesTheJavaPathToAWorker() {
        redis.execute("XADD", "events:all", "*", "data", "not json at all");
        Event created = TestEvents.created("order-1");

        // The reply arrives on the event loop, where dead-lettering the junk (blocking calls) must not run.
        publisher.inTransactionAsync(tx -> tx.publish(created)).await().atMost(Duration.ofSeconds(10));

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(queues.dlqEntries("all", "-", 10)).as("dead-lettered by a worker").hasSize(1);
            assertThat(redis.execute("XPENDING", "events:all", "all-group").get(0).toLong()).isZero();
        });
        distributor.distributeOnce();
        assertThat(eventIds("sub:a")).containsExactly(created.eventId());
    }

    @Test
    void aRedisThatForgotTheScriptStillGetsTheEventAndTheNextPublicationRoutesAgain() {
        redis.execute("SCRIPT", "FLUSH");
        Event first = TestEvents.created("order-1");

        String id = publisher.publish(first);

        assertThat(redis.execute("XRANGE", "events:all", id, id).size()).as("published").isEqualTo(1);
        assertThat(pendingAndLag()).as("left for a distributor").containsExactly(0L, 1L);
        distributor.distributeOnce();

        Event second = TestEvents.created("order-2");
        publisher.publish(second);
        assertThat(eventIds("sub:a")).containsExactly(first.eventId(), second.eventId());
        assertThat(pendingAndLag()).containsExactly(0L, 0L);
    }

    private List<Long> pendingAndLag() {
        Response group = redis.execute("XINFO", "GROUPS", "events:all").get(0);
        return List.of(group.get("pending").toLong(), group.get("lag").toLong());
    }

    private List<String> eventIds(String queue) {
        return RoutingFixture.eventIds(redis, queue);
    }
}
