package io.orderflow.order.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A Redis that accepts connections but does not answer: the client waits its timeout, then gets a 503. */
@QuarkusTest
@TestProfile(HungStoreTest.ShortRedisTimeout.class)
@QuarkusTestResource(RedisTestResource.class)
class HungStoreTest {

    /** Redis runs one script at a time and answers nobody meanwhile: four seconds of it is a hung server. */
    private static final String HANG_FOUR_SECONDS = """
            local start = tonumber(redis.call('TIME')[1])
            while tonumber(redis.call('TIME')[1]) - start < 4 do end
            return 1
            """;

    public static class ShortRedisTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.timeout", "1s");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void anOrderPlacedWhileRedisHangsIsRefusedWith503AndRetryAfterThenAcceptedOnceItAnswers() throws Exception {
        // The first request pays for RestAssured's and the endpoint's start-up, seconds on a busy
        // machine: paid before the hang, so that the POST below falls well inside its four seconds.
        given().contentType(ContentType.JSON).body(OrderResourceTest.ORDER).post("/orders").then().statusCode(201);
        CompletableFuture<Void> hang = CompletableFuture.runAsync(() -> {
            try {
                redis.execute("EVAL", HANG_FOUR_SECONDS, "0");
            } catch (RuntimeException timedOutLikeEveryoneElse) {
                // This caller waits its one second like any other; the script runs on in Redis.
            }
        });
        Thread.sleep(500);

        given().contentType(ContentType.JSON).body(OrderResourceTest.ORDER).post("/orders")
                .then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("error", equalTo("service_unavailable"));

        hang.get();
        // Each PING times out like everything else until the script ends.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> redis.execute("PING") != null);
        given().contentType(ContentType.JSON).body(OrderResourceTest.ORDER).post("/orders").then().statusCode(201);
    }
}
