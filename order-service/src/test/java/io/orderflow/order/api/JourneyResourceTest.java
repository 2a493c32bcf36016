package io.orderflow.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class JourneyResourceTest {

    @Inject
    EventPublisher publisher;

    @Test
    void theJourneyListsEveryEventOfTheOrderWithItsHops() {
        String orderId = given().contentType(ContentType.JSON).body(OrderResourceTest.ORDER).post("/orders").then()
                .statusCode(201).extract().path("order_id");
        publisher.publish(PaymentProcessedEvent.of("payment-j", orderId, new BigDecimal("31.97"), PaymentStatus.SUCCEEDED));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/orders/" + orderId).then()
                .body("status", equalTo("paid")));
        publisher.publish(OrderShippedEvent.of(orderId, "TRACK-0000BEEF", "DHL"));

        JsonPath journey = await().atMost(Duration.ofSeconds(10)).until(
                () -> given().get("/orders/" + orderId + "/events").then().statusCode(200).extract().jsonPath(),
                j -> "shipped".equals(j.getString("status")) && j.getList("events").size() == 3
                        && j.getString("events[2].hops[0].handled_at") != null);

        assertThat(journey.getList("events.event_type", String.class))
                .containsExactly("OrderCreatedEvent", "PaymentProcessedEvent", "OrderShippedEvent");
        assertThat(journey.getString("events[1].event.payment_id")).isEqualTo("payment-j");
        assertThat(journey.getString("events[1].hops[0].queue")).isEqualTo("sub:order-service");
        Instant published = Instant.parse(journey.getString("events[1].published_at"));
        Instant distributed = Instant.parse(journey.getString("events[1].hops[0].distributed_at"));
        Instant handled = Instant.parse(journey.getString("events[1].hops[0].handled_at"));
        assertThat(distributed).isAfterOrEqualTo(published);
        assertThat(handled).isAfterOrEqualTo(distributed);
        assertThat(journey.getDouble("events[1].hops[0].distribution_ms")).isGreaterThanOrEqualTo(0);
        assertThat(journey.getDouble("events[1].hops[0].handling_ms")).isGreaterThanOrEqualTo(0);
        assertThat(journey.getDouble("total_ms")).isPositive();
    }

    @Test
    void anUnknownOrderHasNoJourney() {
        given().get("/orders/order-none/events").then().statusCode(404).body("error", equalTo("order_not_found"));
    }

    @Test
    void theDashboardShowsQueueDepthsAndEventCounts() {
        given().contentType(ContentType.JSON).body(OrderResourceTest.ORDER).post("/orders").then().statusCode(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/dashboard/event-counts").then()
                .statusCode(200).body("'unrouted:OrderCreatedEvent'", org.hamcrest.Matchers.greaterThan(0)));
        given().get("/dashboard/queues").then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem("events:all"));
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("Place an order"));
    }
}
