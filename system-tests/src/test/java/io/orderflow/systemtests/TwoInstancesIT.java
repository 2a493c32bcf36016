package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.systemtests.api.OrderApi;
import io.orderflow.systemtests.pipeline.Pipeline;
import io.orderflow.systemtests.pipeline.Service;
import io.orderflow.systemtests.process.ServiceProcess;
import io.orderflow.systemtests.redis.BusBacklog;
import io.orderflow.systemtests.redis.CentralStream;
import io.orderflow.harness.redis.RespConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, system test 3: two instances of every service at once (six JVMs, each with its own
 * consumer name and its own distributor), orders spread over both order-service instances.
 */
class TwoInstancesIT {

    private static final int ORDERS = 200;

    private static final Progress PROGRESS = new Progress(TwoInstancesIT.class);
    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        PROGRESS.step("starting Redis and two instances of each service");
        pipeline = Pipeline.builder(SystemTestLogs.of(TwoInstancesIT.class)).instancesOfEach(2).start();
        PROGRESS.step("six instances ready");
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void noOrderIsLostAndNoneIsPaidOrShippedTwice() throws InterruptedException {
        List<OrderApi> orderInstances = List.of(pipeline.orders(0), pipeline.orders(1));
        List<PlacedOrder> placed = OrderPlacement.to(orderInstances).place(ORDERS);
        Set<String> placedIds = placed.stream().map(PlacedOrder::orderId).collect(Collectors.toSet());
        Set<String> shippable = placed.stream().filter(p -> !p.declined()).map(PlacedOrder::orderId).collect(Collectors.toSet());

        // No lost order: every one ends, as both order-service instances see it.
        PROGRESS.step("%d orders placed", placed.size());
        Map<String, JsonNode> orders = TerminalOrders.await(orderInstances, placed, Duration.ofSeconds(90));
        PROGRESS.step("every order terminal");
        TerminalOrders.assertEachAsExpected(orders, placed);
        for (OrderApi instance : orderInstances) {
            assertThat(instance.all()).as("orders listed by %s", instance.base()).hasSize(ORDERS);
        }

        // No duplicate payment or shipment: neither recorded nor published twice.
        assertThat(pipeline.payments().all().stream().map(p -> p.path("order_id").asText()).toList())
                .as("order ids of the recorded payments").hasSize(ORDERS).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(placedIds);
        assertThat(pipeline.shipping().all().stream().map(s -> s.path("order_id").asText()).toList())
                .as("order ids of the recorded shipments").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(shippable);
        try (RespConnection redis = pipeline.openRedis()) {
            assertThat(CentralStream.publishedPerOrder(redis, "PaymentProcessedEvent")).as("PaymentProcessedEvents per order")
                    .containsOnlyKeys(placedIds).allSatisfy((order, count) -> assertThat(count).isEqualTo(1));
            assertThat(CentralStream.publishedPerOrder(redis, "OrderShippedEvent")).as("OrderShippedEvents per order")
                    .containsOnlyKeys(shippable).allSatisfy((order, count) -> assertThat(count).isEqualTo(1));
            // The last acknowledgements may trail the last status change by a moment.
            await("nothing left pending").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> BacklogAssertions.assertEmpty(BusBacklog.read(redis)));
        }
        assertThat(new ApiAgreement(pipeline.payments(), pipeline.shipping()).disagreements(orders.values())).isEmpty();

        PROGRESS.step("no duplicates, nothing pending, the APIs agree");
        // Both instances of each consuming service took part, or this would test one instance.
        for (Service service : List.of(Service.PAYMENT, Service.SHIPPING, Service.ORDER)) {
            for (ServiceProcess instance : pipeline.instances(service)) {
                assertThat(HandledEvents.by(pipeline.http(), instance)).as("events handled by %s", instance.name()).isPositive();
            }
        }
    }
}
