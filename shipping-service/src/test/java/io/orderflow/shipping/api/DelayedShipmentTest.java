package io.orderflow.shipping.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the simulated shipping delay of the demo: the shipment comes after the delay, once per order. */
@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
@TestProfile(DelayedShipmentTest.Delayed.class)
class DelayedShipmentTest {

    public static class Delayed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("%test.orderflow.shipping.delay", "700ms");
        }
    }

    @Inject
    EventPublisher publisher;

    @Test
    void aPaidOrderShipsOnceAfterTheDelayEvenWhenItsPaymentArrivesTwice() {
        PaymentProcessedEvent first = paid("order-delayed-ship");
        publisher.publish(first);
        publisher.publish(paid("order-delayed-ship"));

        String createdAt = await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/shipments/order-delayed-ship")
                .then().extract().<String>path("created_at"), at -> at != null);
        assertThat(Duration.between(first.timestamp(), Instant.parse(createdAt))).as("shipped after the delay")
                .isGreaterThanOrEqualTo(Duration.ofMillis(700));
        // A third delivery after the shipment finds the order shipped and ships nothing.
        publisher.publish(paid("order-delayed-ship"));
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .queryParam("limit", 100).get("/shipments").then().statusCode(200).body("count", equalTo(1)));
    }

    private static PaymentProcessedEvent paid(String orderId) {
        return PaymentProcessedEvent.of("payment-" + orderId, orderId, BigDecimal.TEN, PaymentStatus.SUCCEEDED);
    }
}
