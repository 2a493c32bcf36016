package io.orderflow.payment.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class PaymentServiceTest {

    @Inject
    EventPublisher publisher;

    @Inject
    RedisDataSource redis;

    @Test
    void anOrderIsChargedAndItsPaymentPublished() {
        publisher.publish(order("order-pay-1", "25.98"));

        awaitPaymentCount("order-pay-1", 1);
        String paymentId = given().queryParam("order_id", "order-pay-1").get("/payments").then()
                .body("payments[0].status", equalTo("succeeded"))
                .body("payments[0].amount", equalTo(25.98f))
                .body("payments[0].payment_id", matchesPattern("payment-[0-9a-f-]{36}"))
                .extract().path("payments[0].payment_id");
        given().get("/payments/" + paymentId).then().statusCode(200).body("order_id", equalTo("order-pay-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.execute("XRANGE", "events:all", "-", "+").toString()
                .contains("\"event_type\":\"PaymentProcessedEvent\",\"payment_id\":\"" + paymentId + "\""));
    }

    @Test
    void exactlyOnePaymentPerOrderEvenWhenTheOrderArrivesTwice() {
        OrderCreatedEvent order = order("order-pay-2", "10.00");
        publisher.publish(order);
        publisher.publish(order);
        // A second event about the same order (another event id), as a retried publisher would send.
        publisher.publish(order("order-pay-2", "10.00"));

        awaitPaymentCount("order-pay-2", 1);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> pendingAndLag() == 0);
        assertThat(paymentEventsFor("order-pay-2")).isEqualTo(1);
    }

    @Test
    void aTotalEndingInPoint13Fails() {
        publisher.publish(order("order-pay-3", "20.13"));

        awaitPaymentCount("order-pay-3", 1);
        given().queryParam("order_id", "order-pay-3").get("/payments").then().body("payments[0].status", equalTo("failed"));
    }

    @Test
    void anOrderWhosePaymentKeyHoldsNoPaymentIsDeadLetteredNotSkipped() {
        redis.execute("HSET", "payments:by-order:order-pay-corrupt", "corrupted", "not a payment id");
        publisher.publish(order("order-pay-corrupt", "10.50"));

        await().atMost(Duration.ofSeconds(30)).until(() -> redis.execute("XRANGE", "events:sub:payment-service:dlq", "-", "+")
                .toString().contains("order-pay-corrupt"));
        assertThat(paymentEventsFor("order-pay-corrupt")).isZero();
    }

    @Test
    void unknownPaymentsAndBadParametersGetJsonErrors() {
        given().get("/payments/payment-nope").then().statusCode(404).body("error", equalTo("payment_not_found"));
        given().queryParam("limit", "-3").get("/payments").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    private void awaitPaymentCount(String orderId, int count) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().queryParam("order_id", orderId).get("/payments").then().statusCode(200).body("count", equalTo(count)));
    }

    private long paymentEventsFor(String orderId) {
        String all = redis.execute("XRANGE", "events:all", "-", "+").toString();
        return all.split("\"event_type\":\"PaymentProcessedEvent\",\"payment_id\":\"payment-[^\"]+\",\"order_id\":\"" + orderId
                + "\"", -1).length - 1;
    }

    private long pendingAndLag() {
        return redis.execute("XPENDING", "events:sub:payment-service", "sub:payment-service-group").get(0).toLong();
    }

    private static OrderCreatedEvent order(String orderId, String total) {
        return OrderCreatedEvent.of(orderId, "user-1", new BigDecimal(total),
                List.of(new OrderItem("p", "Product", new BigDecimal(total), 1)));
    }
}
