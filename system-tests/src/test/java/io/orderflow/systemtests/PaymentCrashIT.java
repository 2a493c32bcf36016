package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.systemtests.pipeline.Pipeline;
import io.orderflow.systemtests.pipeline.Service;
import io.orderflow.systemtests.process.ServiceProcess;
import io.orderflow.systemtests.redis.BusBacklog;
import io.orderflow.systemtests.redis.CentralStream;
import io.orderflow.harness.redis.RespConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, system test 2: kill -9 payment-service in the middle of a 500-order run and start it
 * again. A 100 ms simulated charge keeps payments in flight while orders keep coming, so the kill
 * lands with entries delivered to it and not acknowledged (the test waits for that, and checks
 * it). It comes back as the same instance (same consumer name), which takes up its own pending
 * entries; entries its distributor held on {@code events:all} are claimed by the other services'
 * distributors after claim-idle, lowered to 5 s here so the test does not wait 30 s.
 */
class PaymentCrashIT {

    private static final int ORDERS = 500;
    private static final String PAYMENT_GROUP = "sub:payment-service-group";

    private static final Progress PROGRESS = new Progress(PaymentCrashIT.class);
    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        PROGRESS.step("starting Redis and the three services");
        pipeline = Pipeline.builder(SystemTestLogs.of(PaymentCrashIT.class))
                .env("ORDERFLOW_PAYMENT_DELAY", "100ms")
                .env("ORDERFLOW_BUS_CLAIM_IDLE", "5s")
                .start();
        PROGRESS.step("pipeline ready");
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void afterAKillAndARestartEveryOrderIsTerminalWithExactlyOnePaymentAndNothingIsLeftPending() throws Exception {
        ServiceProcess payment = pipeline.instance(Service.PAYMENT, 0);
        assertThat(payment.command()).as("the process killed is the JVM itself, not a wrapper").hasValueSatisfying(
                command -> assertThat(command).endsWith("/java"));
        OrderPlacement placement = OrderPlacement.to(pipeline.orders()).clients(4).pauseBetweenOrders(Duration.ofMillis(15));
        CompletableFuture<List<PlacedOrder>> run = CompletableFuture.supplyAsync(() -> placement.place(ORDERS));

        long pendingAtKill;
        int placedAtKill;
        long killedPid;
        try (RespConnection redis = pipeline.openRedis()) {
            // Mid-run: a good part of the orders placed, and payments being handled right now.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> placement.placedSoFar() >= ORDERS * 2 / 5 && BusBacklog.read(redis).pending(PAYMENT_GROUP) > 0);
            killedPid = payment.pid();
            payment.kill();
            placedAtKill = placement.placedSoFar();
            pendingAtKill = BusBacklog.read(redis).pending(PAYMENT_GROUP);
        }
        PROGRESS.step("kill -9 %s (pid %d) with %d orders placed and %d payment entries pending", payment.name(), killedPid,
                placedAtKill, pendingAtKill);
        List<PlacedOrder> placed = run.get();
        PROGRESS.step("all %d orders placed; restarting payment-service", placed.size());
        Duration restart = pipeline.restart(payment);
        PROGRESS.step("payment-service ready again after %d ms", restart.toMillis());

        assertThat(placedAtKill).as("orders placed when payment-service was killed").isLessThan(ORDERS);
        assertThat(pendingAtKill).as("payment entries the killed instance held unacknowledged").isPositive();

        Map<String, JsonNode> orders = TerminalOrders.await(List.of(pipeline.orders()), placed, Duration.ofSeconds(120));
        PROGRESS.step("every order terminal");
        TerminalOrders.assertEachAsExpected(orders, placed);

        List<JsonNode> payments = pipeline.payments().all();
        Map<String, Long> paymentsPerOrder = payments.stream()
                .collect(Collectors.groupingBy(p -> p.path("order_id").asText(), Collectors.counting()));
        assertThat(payments).as("payments recorded").hasSize(ORDERS);
        assertThat(paymentsPerOrder).as("payments recorded per order").hasSize(ORDERS).allSatisfy((order, count) -> assertThat(count).isEqualTo(1L));
        try (RespConnection redis = pipeline.openRedis()) {
            Map<String, Integer> published = CentralStream.publishedPerOrder(redis, "PaymentProcessedEvent");
            assertThat(published).as("PaymentProcessedEvents published per order")
                    .containsOnlyKeys(placed.stream().map(PlacedOrder::orderId).toList())
                    .allSatisfy((order, count) -> assertThat(count).isEqualTo(1));

            await("nothing left pending and every dead-letter queue empty").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> BacklogAssertions.assertEmpty(BusBacklog.read(redis)));
            PROGRESS.step("nothing pending, dead-letter queues empty");
        }
        assertThat(new ApiAgreement(pipeline.payments(), pipeline.shipping()).disagreements(orders.values())).isEmpty();
        PROGRESS.step("the three APIs agree on every order");
    }
}
