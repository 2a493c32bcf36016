package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.Queues;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis at its {@code maxmemory} refuses the handlers' writes, for as long as it stays full.
 * That is Redis's trouble, not the event's: the deliveries it fails are given back, and the event
 * is handled once Redis accepts writes again, instead of being dead-lettered for having used up
 * its attempts meanwhile.
 */
class StoreTroubleConsumerTest {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "trouble-test", StoreWritingHandlers.class, TestEvents.class)
            .overrideConfigKey("orderflow.bus.retry.max-attempts", "2");

    @Inject
    EventPublisher publisher;

    @Inject
    Queues queues;

    @Inject
    RedisDataSource redis;

    @AfterEach
    void freeMemory() {
        redis.execute("CONFIG", "SET", "maxmemory", "0");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void anEventHeldUpByAFullRedisIsHandledOnceRedisTakesWritesAgainNotDeadLettered() throws Exception {
        publisher.publish(TestEvents.created("full-1"));
        assertThat(StoreWritingHandlers.FIRST_CALL_STARTED.await(10, TimeUnit.SECONDS)).isTrue();

        // One byte: whatever Redis holds is over it, so it refuses every write from now on.
        redis.execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.execute("CONFIG", "SET", "maxmemory", "1");
        StoreWritingHandlers.PROCEED.countDown();

        // Well past max-attempts (2): each of these deliveries failed on the refused write.
        await().atMost(Duration.ofSeconds(15)).until(() -> StoreWritingHandlers.CALLS.get() >= 6);
        assertThat(redis.execute("EXISTS", "written-by-handler:full-1").toLong()).isZero();

        redis.execute("CONFIG", "SET", "maxmemory", "0");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> redis.execute("EXISTS", "written-by-handler:full-1").toLong() == 1);
        QueueProbe probe = new QueueProbe(queues, redis, "sub:trouble-test");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.pending() == 0);
        assertThat(queues.dlqEntries("sub:trouble-test", "-", 10)).isEmpty();
    }
}
