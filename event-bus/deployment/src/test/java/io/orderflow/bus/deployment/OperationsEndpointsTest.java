package io.orderflow.bus.deployment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.bus.queue.Queues;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperationsEndpointsTest {

    static final TestRedis REDIS = TestRedisSource.start();
    static final String TOKEN = "test-operations-token";

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "ops-test", RecordingHandlers.class, TestEvents.class)
            .overrideConfigKey("orderflow.bus.retry.max-attempts", "1")
            .overrideConfigKey("orderflow.bus.operations.token", TOKEN);

    @Inject
    EventPublisher publisher;

    @Inject
    Queues queues;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void aCallWithoutTheTokenIsRefused() {
        given().get("/q/event-bus/queues").then().statusCode(401).body("error", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").post("/q/event-bus/queues/sub:ops-test/dlq/requeue")
                .then().statusCode(401);
    }

    @Test
    void listsQueuesWithTheirCounts() {
        given().auth().oauth2(TOKEN).get("/q/event-bus/queues").then().statusCode(200)
                .body("queues.name", hasItem("events:sub:ops-test"))
                .body("queues.name", hasItem("events:all:dlq"));
    }

    @Test
    void listsRequeuesAndDeletesDeadLetters() {
        publisher.publish(TestEvents.created("fail-ops-1"));
        publisher.publish(TestEvents.created("fail-ops-2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.dlqEntries("sub:ops-test", "-", 10).size() == 2);

        JsonPath dlq = given().auth().oauth2(TOKEN).get("/q/event-bus/queues/sub:ops-test/dlq").then().statusCode(200)
                .extract().jsonPath();
        List<String> ids = dlq.getList("entries.id");
        assertThat(dlq.getList("entries.data.order_id", String.class)).containsExactlyInAnyOrder("fail-ops-1", "fail-ops-2");

        given().auth().oauth2(TOKEN).delete("/q/event-bus/queues/sub:ops-test/dlq/" + ids.get(0)).then().statusCode(200)
                .body("deleted", equalTo(1));
        given().auth().oauth2(TOKEN).post("/q/event-bus/queues/sub:ops-test/dlq/" + ids.get(1) + "/requeue").then()
                .statusCode(200).body("requeued", equalTo(1));
        // Requeued, it fails again (max-attempts 1) and is back in the DLQ, with its requeue history.
        await().atMost(Duration.ofSeconds(10)).until(() -> queues.dlqEntries("sub:ops-test", "-", 10).size() == 1);
        assertThat(queues.dlqEntries("sub:ops-test", "-", 10).get(0).data().get("_requeues")).hasSize(1);

        given().auth().oauth2(TOKEN).post("/q/event-bus/queues/sub:ops-test/dlq/requeue").then().statusCode(200)
                .body("requeued", equalTo(1));
        given().auth().oauth2(TOKEN).post("/q/event-bus/queues/sub:ops-test/dlq/" + ids.get(0) + "/requeue").then()
                .statusCode(404);
    }

    @Test
    void anUnknownQueueOrBadParameterGetsAClearError() {
        given().auth().oauth2(TOKEN).get("/q/event-bus/queues/sub:nobody/dlq").then().statusCode(404)
                .body("error", equalTo("unknown_queue"));
        given().auth().oauth2(TOKEN).get("/q/event-bus/queues/sub:ops-test/dlq?count=zillion").then().statusCode(400)
                .body("error", equalTo("bad_request"));
    }

    @Test
    void exposesTheBusMetrics() {
        publisher.publish(TestEvents.created("metrics-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordingHandlers.HANDLED.contains("metrics-1"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics)
                    .contains("orderflow_bus_published_total{event_type=\"OrderCreatedEvent\"")
                    .contains("orderflow_bus_distributed_total{event_type=\"OrderCreatedEvent\",queue=\"sub:ops-test\"")
                    .contains("orderflow_bus_delivered_total{event_type=\"OrderCreatedEvent\",queue=\"sub:ops-test\"")
                    .contains("orderflow_bus_handler_seconds_count{event_type=\"OrderCreatedEvent\",queue=\"sub:ops-test\"")
                    .contains("orderflow_bus_queue_pending{queue=\"events:sub:ops-test\"")
                    .contains("orderflow_bus_queue_lag{queue=\"events:sub:ops-test\"");
        });
    }
}
