package io.orderflow.order.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(RedisTestResource.class)
class OrderResourceTest {

    static final String ORDER = """
            {"user_id": "user-42", "items": [
              {"product_id": "prod-1", "name": "Product 1", "price": 19.99, "quantity": 1},
              {"product_id": "prod-2", "name": "Accessory 1", "price": 5.99, "quantity": 2}]}""";

    @Inject
    RedisDataSource redis;

    @Inject
    EventPublisher publisher;

    @Test
    void placingAnOrderStoresItAndPublishesOrderCreated() {
        long published = centralLength();

        Response response = given().contentType(ContentType.JSON).body(ORDER).post("/orders");

        response.then().statusCode(201)
                .header("Location", matchesPattern(".*/orders/order-[0-9a-f-]{36}"))
                .body("order_id", matchesPattern("order-[0-9a-f-]{36}"))
                .body("user_id", equalTo("user-42"))
                .body("total", equalTo(31.97f))
                .body("status", equalTo("created"))
                .body("items[1].quantity", equalTo(2))
                .body("payment_id", nullValue())
                .body("created_at", notNullValue());
        String orderId = response.path("order_id");
        given().get("/orders/" + orderId).then().statusCode(200).body("order_id", equalTo(orderId))
                .body("total", equalTo(31.97f));
        assertThat(centralLength()).isEqualTo(published + 1);
        OrderCreatedEvent event = (OrderCreatedEvent) EventCodec.INSTANCE.decode(lastCentralEntry());
        assertThat(event.orderId()).isEqualTo(orderId);
        assertThat(event.total()).isEqualByComparingTo("31.97");
        assertThat(event.items()).hasSize(2);
    }

    @Test
    void badInputGetsAJsonErrorAndCreatesAndPublishesNothing() {
        long orders = orderCount();
        long published = centralLength();

        given().contentType(ContentType.JSON).body("{\"items\": []}").post("/orders").then().statusCode(400)
                .body("error", equalTo("invalid_request")).body("message", equalTo("'user_id' is required"));
        given().contentType(ContentType.JSON).body("{oops").post("/orders").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        given().contentType(ContentType.TEXT).body(ORDER).post("/orders").then().statusCode(415)
                .body("error", equalTo("unsupported_media_type"));
        given().contentType(ContentType.JSON).body("{\"user_id\": \"" + "x".repeat(70_000) + "\"}").post("/orders").then()
                .statusCode(413).body("error", equalTo("payload_too_large"));
        given().contentType(ContentType.JSON).post("/orders").then().statusCode(400);
        given().contentType(ContentType.JSON).body(ORDER.replace("user-42", "caf\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .post("/orders").then().statusCode(400).body("message", equalTo("body is not valid UTF-8"));
        given().contentType(ContentType.JSON).body("{\"p\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}").post("/orders").then()
                .statusCode(413).body("error", equalTo("payload_too_large"));

        assertThat(orderCount()).isEqualTo(orders);
        assertThat(centralLength()).isEqualTo(published);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameOrderAndPublishesOnce() {
        long published = centralLength();

        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", "checkout-77").body(ORDER)
                .post("/orders").then().statusCode(201).extract().path("order_id");
        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", "checkout-77").body(ORDER)
                .post("/orders").then().statusCode(201).header("Idempotent-Replayed", "true").extract().path("order_id");

        assertThat(second).isEqualTo(first);
        assertThat(centralLength()).isEqualTo(published + 1);
        given().contentType(ContentType.JSON).header("Idempotency-Key", "checkout-77")
                .body(ORDER.replace("user-42", "user-43")).post("/orders").then().statusCode(422)
                .body("error", equalTo("idempotency_key_reused"));
    }

    @Test
    void anUnknownOrderIs404Json() {
        given().get("/orders/order-nope").then().statusCode(404).body("error", equalTo("order_not_found"));
        given().get("/no-such-path").then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void listsNewestFirstWithFiltersAndPaging() {
        String user = "pager-" + System.nanoTime();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, given().contentType(ContentType.JSON).body(ORDER.replace("user-42", user)).post("/orders").then()
                    .statusCode(201).extract().path("order_id"));
        }

        Response first = given().queryParam("user_id", user).queryParam("limit", 2).get("/orders");
        first.then().statusCode(200).body("count", equalTo(2)).body("next_cursor", equalTo("2"));
        Response last = given().queryParam("user_id", user).queryParam("limit", 2).queryParam("cursor", 4).get("/orders");
        last.then().statusCode(200).body("count", equalTo(1)).body("next_cursor", nullValue());

        assertThat(first.<List<String>>path("orders.order_id")).containsExactly(ids.get(0), ids.get(1));
        assertThat(last.<List<String>>path("orders.order_id")).containsExactly(ids.get(4));
        given().queryParam("user_id", user).queryParam("status", "created").get("/orders").then().body("count", equalTo(5));
        given().queryParam("user_id", user).queryParam("status", "shipped").get("/orders").then().body("count", equalTo(0));
        given().queryParam("status", "lost").get("/orders").then().statusCode(400);
        given().queryParam("limit", "many").get("/orders").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void theOrderFollowsItsPaymentAndShipmentAndNeverMovesBack() {
        String orderId = given().contentType(ContentType.JSON).body(ORDER).post("/orders").then().statusCode(201)
                .extract().path("order_id");

        publisher.publish(OrderShippedEvent.of(orderId, "TRACK-00C0FFEE", "USPS"));
        publisher.publish(PaymentProcessedEvent.of("payment-x", orderId, new BigDecimal("31.97"), PaymentStatus.SUCCEEDED));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/orders/" + orderId).then()
                .body("status", equalTo("shipped"))
                .body("tracking_number", equalTo("TRACK-00C0FFEE"))
                .body("carrier", equalTo("USPS"))
                .body("payment_id", equalTo("payment-x"))
                .body("shipped_at", notNullValue()));
    }

    @Test
    void aFailedPaymentIsTerminal() {
        String orderId = given().contentType(ContentType.JSON).body(ORDER).post("/orders").then().statusCode(201)
                .extract().path("order_id");

        publisher.publish(PaymentProcessedEvent.of("payment-f", orderId, new BigDecimal("31.97"), PaymentStatus.FAILED));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/orders/" + orderId).then()
                .body("status", equalTo("payment_failed")).body("payment_id", equalTo("payment-f")));
    }

    @Test
    void anEventForAnUnknownOrderIsRejectedToTheDeadLetterQueue() {
        publisher.publish(PaymentProcessedEvent.of("payment-z", "order-unknown", BigDecimal.ONE, PaymentStatus.SUCCEEDED));

        await().atMost(Duration.ofSeconds(10)).until(() -> redis.execute("XRANGE", "events:sub:order-service:dlq", "-", "+")
                .toString().contains("Rejected: Order order-unknown not found"));
    }

    @Test
    void servesHealthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    private long centralLength() {
        return redis.execute("XLEN", "events:all").toLong();
    }

    private String lastCentralEntry() {
        return redis.execute("XREVRANGE", "events:all", "+", "-", "COUNT", "1").get(0).get(1).get(1).toString();
    }

    private long orderCount() {
        return redis.execute("ZCARD", "orders:index:all").toLong();
    }
}
