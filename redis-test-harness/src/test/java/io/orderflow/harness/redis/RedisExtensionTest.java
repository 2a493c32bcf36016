package io.orderflow.harness.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisExtensionTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void writesAndReadsAStreamOnTheTestServer(TestRedis redis) throws Exception {
        Redis client = Redis.createClient(vertx, redis.uri());
        try {
            RedisAPI api = RedisAPI.api(client);
            String id = await(api.xadd(List.of("harness:stream", "*", "data", "{\"hello\": \"redis\"}"))).toString();
            Response range = await(api.xrange(List.of("harness:stream", "-", "+")));

            assertThat(range.size()).isEqualTo(1);
            assertThat(range.get(0).get(0).toString()).isEqualTo(id);
            assertThat(range.get(0).get(1).get(1).toString()).isEqualTo("{\"hello\": \"redis\"}");
        } finally {
            client.close();
        }
    }

    @Test
    void eachTestClassGetsTheSameServerForAllItsTests(TestRedis first, TestRedis second) {
        assertThat(first).isSameAs(second);
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
