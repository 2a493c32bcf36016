package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.orderflow.bus.queue.Queues;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connection the bus's non-blocking commands share ({@code Queues.executeAsync}), against a real Redis. */
class PipelinedConnectionTest {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "pipeline-service")
            .overrideConfigKey("orderflow.bus.distributor.enabled", "false")
            .overrideConfigKey("quarkus.redis.timeout", "1s");

    @Inject
    Queues queues;

    @Inject
    RedisDataSource redis;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @BeforeEach
    void clean() {
        redis.execute("DEL", "counter");
    }

    @Test
    void commandsInFlightTogetherAreAnsweredInTheOrderTheyWereSent() {
        List<Uni<Response>> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add(queues.executeAsync("INCR", "counter").memoize().indefinitely());
        }
        sent.forEach(reply -> reply.subscribe().with(ignored -> { }, ignored -> { }));

        List<Long> counts = sent.stream().map(reply -> reply.await().atMost(Duration.ofSeconds(10)).toLong()).toList();

        assertThat(counts).containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj(Long::valueOf).toList());
    }

    @Test
    void aConnectionRedisClosedIsReplacedByANewOne() {
        assertThat(queues.executeAsync("PING").await().atMost(Duration.ofSeconds(5)).toString()).isEqualTo("PONG");

        redis.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");

        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(
                () -> "PONG".equals(queues.executeAsync("PING").await().atMost(Duration.ofSeconds(2)).toString()));
    }

    @Test
    void aCommandTakesTheConnectionOfTheMomentItIsSubscribedNotCreated() {
        long before = queues.executeAsync("CLIENT", "ID").await().atMost(Duration.ofSeconds(5)).toLong();
        Uni<Response> createdEarlier = queues.executeAsync("CLIENT", "ID");

        redis.execute("CLIENT", "KILL", "ID", String.valueOf(before));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(
                () -> "PONG".equals(queues.executeAsync("PING").await().atMost(Duration.ofSeconds(2)).toString()));

        long now = createdEarlier.await().atMost(Duration.ofSeconds(5)).toLong();
        assertThat(now).isNotEqualTo(before);
    }

    @Test
    void aCommandUnansweredForTheReplyTimeoutFailsAndLaterCommandsGetTheirOwnReplies() {
        assertThat(queues.executeAsync("PING").await().atMost(Duration.ofSeconds(5)).toString()).isEqualTo("PONG");
        redis.execute("CLIENT", "PAUSE", "2000", "ALL");

        assertThatThrownBy(() -> queues.executeAsync("ECHO", "late").await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(TimeoutException.class);

        // Redis answers the timed-out ECHO once the pause is over: that answer must not be taken
        // for the reply to a later command.
        String echoed = await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(
                () -> queues.executeAsync("ECHO", "after").await().atMost(Duration.ofSeconds(2)).toString(), reply -> true);
        assertThat(echoed).isEqualTo("after");
        assertThat(queues.executeAsync("ECHO", "next").await().atMost(Duration.ofSeconds(2)).toString()).isEqualTo("next");
    }
}
