package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

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
        redis.execute("DEL", "events:all", "order:o-1", "order:o-2");
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
            tx.redis().execute("HSET", "order:o-1", "status", "created");
            tx.publish(event);
        });

        assertThat(result.discarded()).isFalse();
        assertThat(redis.execute("HGET", "order:o-1", "status").toString()).isEqualTo("created");
        assertThat(redis.execute("XLEN", "events:all").toLong()).isEqualTo(1);
    }

    @Test
    void whenAWatchedKeyChangesNeitherTheStateNorTheEventIsApplied() {
        redis.execute("SET", "order:o-2", "v1");

        OptimisticLockingTransactionResult<String> result = publisher.inTransaction(
                ds -> {
                    String seen = ds.execute("GET", "order:o-2").toString();
                    // Another replica writes between our read and our transaction.
                    redis.execute("SET", "order:o-2", "v2-by-someone-else");
                    return seen;
                },
                (seen, tx) -> {
                    tx.redis().execute("SET", "order:o-2", seen + "+mine");
                    tx.publish(TestEvents.created("o-2"));
                },
                "order:o-2");

        assertThat(result.discarded()).isTrue();
        assertThat(redis.execute("GET", "order:o-2").toString()).isEqualTo("v2-by-someone-else");
        assertThat(redis.execute("EXISTS", "events:all").toLong()).as("no event published").isZero();
    }
}
