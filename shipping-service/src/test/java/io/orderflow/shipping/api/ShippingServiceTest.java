package io.orderflow.shipping.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.oneOf;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import io.orderflow.harness.redis.RedisTestResource;
import io.orderflow.shipping.domain.TrackingNumbers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class ShippingServiceTest {

    @Inject
    EventPublisher publisher;

    @Inject
    RedisDataSource redis;

    @Test
    void aPaidOrderIsShippedOnceAndItsShipmentPublished() {
        publisher.publish(payment("order-ship-1", PaymentStatus.SUCCEEDED));
        publisher.publish(payment("order-ship-1", PaymentStatus.SUCCEEDED));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/shipments/order-ship-1").then()
                .statusCode(200)
                .body("tracking_number", matchesPattern(TrackingNumbers.PATTERN))
                .body("carrier", oneOf("FedEx", "UPS", "USPS", "DHL"))
                .body("status", equalTo("shipped")));
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                redis.execute("XPENDING", "events:sub:shipping-service", "sub:shipping-service-group").get(0).toLong() == 0);
        String all = redis.execute("XRANGE", "events:all", "-", "+").toString();
        assertThat(all.split("\"event_type\":\"OrderShippedEvent\",\"order_id\":\"order-ship-1\"", -1)).hasSize(2);
    }

    @Test
    void aFailedPaymentGetsNoShipment() {
        publisher.publish(payment("order-ship-2", PaymentStatus.FAILED));
        publisher.publish(payment("order-ship-3", PaymentStatus.SUCCEEDED));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/shipments/order-ship-3").then().statusCode(200));
        given().get("/shipments/order-ship-2").then().statusCode(404).body("error", equalTo("shipment_not_found"));
        given().queryParam("limit", 1).get("/shipments").then().statusCode(200).body("count", equalTo(1));
    }

    private static PaymentProcessedEvent payment(String orderId, PaymentStatus status) {
        return PaymentProcessedEvent.of("payment-" + orderId, orderId, BigDecimal.TEN, status);
    }
}
