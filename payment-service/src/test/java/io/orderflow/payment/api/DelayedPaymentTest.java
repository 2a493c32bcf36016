package io.orderflow.payment.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the simulated charge delay of the demo: the charge comes after the delay, once per order. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@TestProfile(DelayedPaymentTest.Delayed.class)
class DelayedPaymentTest {

    public static class Delayed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.orderflow.payment.delay", "700ms");
        }
    }

    @Inject
    EventPublisher publisher;

    @Test
    void anOrderIsChargedOnceAfterTheDelayEvenWhenItArrivesTwice() {
        OrderCreatedEvent first = order("order-delayed-1");
        publisher.publish(first);
        publisher.publish(order("order-delayed-1"));

        String createdAt = await().atMost(Duration.ofSeconds(10)).until(() -> given().queryParam("order_id", "order-delayed-1")
                .get("/payments").then().statusCode(200).extract().<String>path("payments[0].created_at"), at -> at != null);
        assertThat(Duration.between(first.timestamp(), Instant.parse(createdAt))).as("charged after the delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(700));
        // A third delivery after the charge finds the order paid and charges nothing.
        publisher.publish(order("order-delayed-1"));
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .queryParam("order_id", "order-delayed-1").get("/payments").then().body("count", equalTo(1)));
    }

    private static OrderCreatedEvent order(String orderId) {
        return OrderCreatedEvent.of(orderId, "user-1", new BigDecimal("12.00"),
                List.of(new OrderItem("p", "Product", new BigDecimal("12.00"), 1)));
    }
}
