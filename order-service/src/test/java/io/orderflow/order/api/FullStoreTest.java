package io.orderflow.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis at its {@code maxmemory} (with {@code noeviction}, as the Kubernetes manifests run it)
 * refuses every write: placing an order is then a 503 that says so, in JSON, and leaves nothing
 * behind; once memory is available again, orders are accepted.
 */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class FullStoreTest {

    @Inject
    RedisDataSource redis;

    /**
     * Frees memory and waits until the bus registered again: a full Redis refused the bus's
     * periodic registration, and the test classes after this one share the running application.
     */
    @AfterEach
    void freeMemory() {
        redis.execute("CONFIG", "SET", "maxmemory", "0");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void anOrderPlacedWhileRedisIsOutOfMemoryIsRefusedWith503AndLeavesNothingBehind() {
        given().contentType(ContentType.JSON).body(OrderResourceTest.ORDER).post("/orders").then().statusCode(201);
        long keys = redis.execute("DBSIZE").toLong();
        long published = redis.stream(String.class).xlen("events:all");

        // One byte: whatever Redis holds is over it, so every command that may grow memory is refused.
        redis.execute("CONFIG", "SET", "maxmemory-policy", "noeviction");
        redis.execute("CONFIG", "SET", "maxmemory", "1");
        given().contentType(ContentType.JSON).body(OrderResourceTest.ORDER).post("/orders")
                .then().statusCode(503)
                .contentType(ContentType.JSON)
                .header("Retry-After", equalTo("30"))
                .body("error", equalTo("service_unavailable"))
                .body("message", containsString("out of memory"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "full-store-1").body(OrderResourceTest.ORDER)
                .post("/orders")
                .then().statusCode(503)
                .contentType(ContentType.JSON)
                .body("message", containsString("out of memory"));
        // Reads need no memory: they go on.
        given().get("/orders?limit=1").then().statusCode(200);

        redis.execute("CONFIG", "SET", "maxmemory", "0");
        assertThat(redis.execute("DBSIZE").toLong()).isEqualTo(keys);
        assertThat(redis.stream(String.class).xlen("events:all")).isEqualTo(published);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "full-store-1").body(OrderResourceTest.ORDER)
                .post("/orders").then().statusCode(201);
    }
}
