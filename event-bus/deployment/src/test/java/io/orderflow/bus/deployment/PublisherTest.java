package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import io.orderflow.bus.publish.BusTransaction;
import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.transactions.OptimisticLockingTransactionResult;
import io.quarkus.redis.datasource.transactions.TransactionResult;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PublisherTest {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "publisher-test", TestEvents.class)
            .overrideConfigKey("orderflow.bus.distributor.enabled", "false");

    @Inject
    EventPublisher publisher;

    @Inject
    RedisDataSource redis;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @BeforeEach
    void emptyStream() {
        redis.execute("DEL", "events:all", "events:sub:a", "order:o-1", "order:o-2");
    }

    @Test
    void publishAppendsTheEventWithLeanMqMetadataToTheCentralStream() {
        Event event = TestEvents.created("o-1");

        String id = publisher.publish(event);

        String data = redis.execute("XRANGE", "events:all", id, id).get(0).get(1).get(1).toString();
        assertThat(EventCodec.INSTANCE.decode(data)).isEqualTo(event);
        assertThat(EventCodec.INSTANCE.parse(data).get("_metadata").get("ttl").isNull()).isTrue();
    }

    @Test
    void aStateChangeAndItsEventAreAppliedTogether() {
        Event event = TestEvents.created("o-1");

        TransactionResult result = publisher.inTransaction(tx -> {
            tx.execute("HSET", "order:o-1", "status", "created");
            tx.publish(event);
        });

        assertThat(result.discarded()).isFalse();
        assertThat(redis.execute("HGET", "order:o-1", "status").toString()).isEqualTo("created");
        assertThat(redis.execute("XLEN", "events:all").toLong()).isEqualTo(1);
    }

    @Test
    void whenAWatchedKeyChangesNeitherTheStateNorTheEventIsApplied() {
        redis.execute("SET", "order:o-2", "v1");
        redis.execute("SADD", "events:subscriptions:OrderCreatedEvent", "sub:a");

        OptimisticLockingTransactionResult<String> result = publisher.inTransaction(
                ds -> {
                    String seen = ds.execute("GET", "order:o-2").toString();
                    // Another replica writes between our read and our transaction.
                    redis.execute("SET", "order:o-2", "v2-by-someone-else");
                    return seen;
                },
                (seen, tx) -> {
                    tx.execute("SET", "order:o-2", seen + "+mine");
                    tx.publish(TestEvents.created("o-2"));
                },
                "order:o-2");

        assertThat(result.discarded()).isTrue();
        assertThat(redis.execute("GET", "order:o-2").toString()).isEqualTo("v2-by-someone-else");
        assertThat(redis.execute("EXISTS", "events:all").toLong()).as("no event published").isZero();
        assertThat(redis.execute("EXISTS", "events:sub:a").toLong()).as("none routed on publish").isZero();
        redis.execute("DEL", "events:subscriptions:OrderCreatedEvent");
    }

    @Test
    void ifAbsentAppliesTheStateChangeAndItsEventWhenTheGuardKeyDoesNotExist() {
        boolean applied = publisher.inTransactionIfAbsent("order:o-1", tx -> {
            tx.execute("HSET", "order:o-1", "status", "created");
            tx.publish(TestEvents.created("o-1"));
        });

        assertThat(applied).isTrue();
        assertThat(redis.execute("HGET", "order:o-1", "status").toString()).isEqualTo("created");
        assertThat(redis.execute("XLEN", "events:all").toLong()).isEqualTo(1);
    }

    @Test
    void ifAbsentAppliesNothingAndPublishesNothingWhenTheGuardKeyExists() {
        redis.execute("HSET", "order:o-1", "status", "paid");

        boolean applied = publisher.inTransactionIfAbsent("order:o-1", tx -> {
            tx.execute("HSET", "order:o-1", "status", "created");
            tx.execute("SET", "order:o-2", "touched");
            tx.publish(TestEvents.created("o-1"));
        });

        assertThat(applied).isFalse();
        assertThat(redis.execute("HGET", "order:o-1", "status").toString()).isEqualTo("paid");
        assertThat(redis.execute("EXISTS", "order:o-2", "events:all").toLong()).isZero();
    }

    @Test
    void ifAbsentWithoutAWaitingThreadAppliesOnceAndThenNothing() {
        Boolean first = publisher.inTransactionIfAbsentAsync("order:o-3", tx -> {
            tx.execute("HSET", "order:o-3", "status", "created");
            tx.publish(TestEvents.created("o-3"));
        }).await().atMost(Duration.ofSeconds(10));
        Boolean second = publisher.inTransactionIfAbsentAsync("order:o-3", tx -> {
            tx.execute("HSET", "order:o-3", "status", "paid");
            tx.publish(TestEvents.created("o-3"));
        }).await().atMost(Duration.ofSeconds(10));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(redis.execute("HGET", "order:o-3", "status").toString()).isEqualTo("created");
        assertThat(redis.execute("XLEN", "events:all").toLong()).isEqualTo(1);
    }

    @Test
    void ifAbsentFailsLoudlyWhenRedisRefusesAStagedCommand() {
        assertThatThrownBy(() -> publisher.inTransactionIfAbsent("order:o-1", tx -> {
            tx.execute("HSET", "order:o-1"); // wrong number of arguments
            tx.publish(TestEvents.created("o-1"));
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("order:o-1");

        assertThat(redis.execute("EXISTS", "events:all").toLong()).as("the step stopped before the event").isZero();
    }

    @Test
    void theResultHoldsOneReplyPerStagedCommandInOrder() {
        TransactionResult result = publisher.inTransaction(tx -> {
            tx.execute("HSET", "order:o-1", "status", "created", "total", "3");
            tx.execute("HGET", "order:o-1", "total");
        });

        assertThat(result.size()).isEqualTo(2);
        assertThat(result.<Object>get(0).toString()).isEqualTo("2");
        assertThat(result.<Object>get(1).toString()).isEqualTo("3");
    }

    @Test
    void whenRedisRefusesAStagedCommandNothingIsApplied() {
        assertThatThrownBy(() -> publisher.inTransaction(tx -> {
            tx.execute("HSET", "order:o-1", "status", "created");
            tx.execute("HSET", "order:o-1"); // wrong number of arguments: Redis aborts the whole transaction
            tx.publish(TestEvents.created("o-1"));
        })).isInstanceOf(RuntimeException.class);

        assertThat(redis.execute("EXISTS", "order:o-1", "events:all").toLong()).isZero();
    }

    @Test
    void aCheckThenActThatRedisRefusesFailsAsTheBlockingClientWouldAndAppliesNothing() {
        RuntimeException direct = catchRuntimeException(() -> redis.execute("HSET", "order:o-1"));

        RuntimeException staged = catchRuntimeException(() -> publisher.inTransaction(
                ds -> ds.execute("EXISTS", "order:o-2").toLong(),
                (seen, tx) -> {
                    tx.execute("HSET", "order:o-1", "status", "created");
                    tx.execute("HSET", "order:o-1");
                },
                "order:o-2"));

        assertThat(redis.execute("EXISTS", "order:o-1").toLong()).as("the valid command is not applied either").isZero();
        assertThat(staged).isNotNull().hasSameClassAs(direct).hasMessage(direct.getMessage());
    }

    @Test
    void aWatchIsReleasedWhenTheReadFailsSoTheConnectionsNextTransactionIsApplied() {
        redis.execute("SET", "order:o-2", "v1");
        for (int i = 0; i < 40; i++) {
            // Each failed read leaves its pooled connection behind; a WATCH left on one would discard a later EXEC on it.
            assertThatThrownBy(() -> publisher.inTransaction(ds -> {
                throw new IllegalStateException("read failed");
            }, (Object seen, BusTransaction tx) -> { }, "order:o-2")).isInstanceOf(IllegalStateException.class);
        }
        redis.execute("SET", "order:o-2", "v2");

        for (int i = 0; i < 40; i++) {
            OptimisticLockingTransactionResult<String> result = publisher.inTransaction(
                    ds -> ds.execute("GET", "order:o-1") == null ? "none" : "some",
                    (seen, tx) -> tx.execute("INCR", "order:o-1"), "order:o-1");
            assertThat(result.discarded()).isFalse();
        }
    }
}
