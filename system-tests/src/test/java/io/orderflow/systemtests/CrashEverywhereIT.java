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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, part 1: 2,000 orders while a random service is killed with SIGKILL and started again
 * every few seconds. Every service process also runs a distributor on {@code events:all}, so every
 * kill takes a distributor down with it (the test records how many central entries the killed
 * instance held unacknowledged). Clients keep sending each order with its Idempotency-Key while
 * order-service is down, as a careful client would. Afterwards: every order terminal, exactly one
 * payment and at most one shipment per order (in the APIs and in what was published), nothing
 * pending in any group, every DLQ empty.
 */
class CrashEverywhereIT {

    private static final int ORDERS = 2_000;
    private static final long SEED = 7;
    private static final int MIN_ROUNDS = 2;
    private static final Progress PROGRESS = new Progress(CrashEverywhereIT.class);
    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        PROGRESS.step("starting Redis and the three services");
        pipeline = Pipeline.builder(SystemTestLogs.of(CrashEverywhereIT.class))
                // Entries left by a killed instance are taken up by the others after 5 s, not 30.
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
    void killingRandomServicesEveryFewSecondsLosesNoOrderAndChargesNoneTwice() throws Exception {
        // About 40 orders/s from 8 clients, so that the run lasts a minute and sees a kill every few seconds.
        OrderPlacement placement = OrderPlacement.to(pipeline.orders()).clients(8).pauseBetweenOrders(Duration.ofMillis(200))
                .throughOutages(Duration.ofSeconds(120));
        CompletableFuture<List<PlacedOrder>> run = CompletableFuture.supplyAsync(() -> placement.place(ORDERS));

        SplittableRandom random = new SplittableRandom(SEED);
        List<Kill> kills = new ArrayList<>();
        List<Service> round = new ArrayList<>();
        // Until every order is placed, and in any case two full rounds, so that every service dies at least twice.
        while (!run.isDone() || kills.size() < MIN_ROUNDS * Service.values().length) {
            // One service down at a time, each kill a few seconds after the last one came back.
            Thread.sleep(2_000 + random.nextInt(2_000));
            if (round.isEmpty()) {
                // Each round kills every service once, in a random order: all of them die several times.
                round.addAll(List.of(Service.values()));
                Collections.shuffle(round, new Random(random.nextLong()));
            }
            Service service = round.removeFirst();
            ServiceProcess instance = pipeline.instance(service, 0);
            kills.add(kill(service, instance, placement.placedSoFar()));
            Duration back = pipeline.restart(instance);
            PROGRESS.step("%s ready again in %d ms", instance.name(), back.toMillis());
        }
        List<PlacedOrder> placed = run.get();
        PROGRESS.step("all %d orders accepted, %d of them after more than one send; %d kills", placed.size(),
                placed.stream().filter(o -> o.attempts() > 1).count(), kills.size());

        Map<Service, Long> killsPerService = kills.stream().collect(Collectors.groupingBy(Kill::service, () -> new EnumMap<>(Service.class),
                Collectors.counting()));
        assertThat(killsPerService).as("kills per service").containsOnlyKeys(Service.values())
                .allSatisfy((service, count) -> assertThat(count).as("kills of %s", service).isGreaterThanOrEqualTo(MIN_ROUNDS));

        Map<String, JsonNode> orders = TerminalOrders.await(List.of(pipeline.orders()), placed, Duration.ofSeconds(240));
        PROGRESS.step("every order terminal");
        TerminalOrders.assertEachAsExpected(orders, placed);
        assertThat(pipeline.orders().count()).as("orders order-service holds").isEqualTo(ORDERS);

        List<JsonNode> payments = pipeline.payments().all();
        Map<String, Long> paymentsPerOrder = payments.stream()
                .collect(Collectors.groupingBy(p -> p.path("order_id").asText(), Collectors.counting()));
        List<JsonNode> shipments = pipeline.shipping().all();
        Map<String, Long> shipmentsPerOrder = shipments.stream()
                .collect(Collectors.groupingBy(s -> s.path("order_id").asText(), Collectors.counting()));
        long shippedOrders = placed.stream().filter(o -> !o.declined()).count();
        assertThat(paymentsPerOrder).as("payments per order").hasSize(ORDERS).allSatisfy((order, count) -> assertThat(count).isEqualTo(1L));
        assertThat(shipmentsPerOrder).as("shipments per order").hasSize((int) shippedOrders)
                .allSatisfy((order, count) -> assertThat(count).isEqualTo(1L));

        try (RespConnection redis = pipeline.openRedis()) {
            Map<String, Integer> created = CentralStream.publishedPerOrder(redis, "OrderCreatedEvent");
            Map<String, Integer> paid = CentralStream.publishedPerOrder(redis, "PaymentProcessedEvent");
            Map<String, Integer> shipped = CentralStream.publishedPerOrder(redis, "OrderShippedEvent");
            assertThat(created).as("OrderCreatedEvents per order").hasSize(ORDERS).allSatisfy((o, n) -> assertThat(n).isEqualTo(1));
            assertThat(paid).as("PaymentProcessedEvents per order").hasSize(ORDERS).allSatisfy((o, n) -> assertThat(n).isEqualTo(1));
            assertThat(shipped).as("OrderShippedEvents per order").hasSize((int) shippedOrders)
                    .allSatisfy((o, n) -> assertThat(n).isEqualTo(1));

            await("nothing left pending and every dead-letter queue empty").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> BacklogAssertions.assertEmpty(BusBacklog.read(redis)));
            BusBacklog backlog = BusBacklog.read(redis);
            PROGRESS.step("counts: orders %d (shipped %d, payment_failed %d), payments %d, shipments %d, published %d/%d/%d "
                    + "(created/paid/shipped), pending %s, dead letters %s", orders.size(), shippedOrders, ORDERS - shippedOrders,
                    payments.size(), shipments.size(), sum(created), sum(paid), sum(shipped), backlog.pendingByGroup(),
                    backlog.deadLettersByQueue());
        }
        PROGRESS.step("kills per service %s; central entries the killed distributors held: %s", killsPerService,
                kills.stream().map(k -> k.service().module() + "@" + k.placedSoFar() + ":" + k.centralPending()).toList());
        assertThat(new ApiAgreement(pipeline.payments(), pipeline.shipping()).disagreements(orders.values())).isEmpty();
    }

    /** kill -9 one instance and note what its distributor held on events:all at that moment. */
    private static Kill kill(Service service, ServiceProcess instance, int placedSoFar) {
        try (RespConnection redis = pipeline.openRedis()) {
            long pid = instance.pid();
            instance.kill();
            long centralPending = pendingOf(redis, instance.name());
            PROGRESS.step("kill -9 %s (pid %d) after %d orders: its distributor held %d central entries", instance.name(), pid,
                    placedSoFar, centralPending);
            return new Kill(service, placedSoFar, centralPending);
        }
    }

    /** Entries of events:all delivered to this consumer in all-group and not acknowledged. */
    private static long pendingOf(RespConnection redis, String consumer) {
        List<Object> summary = redis.callForList("XPENDING", "events:all", "all-group");
        if (!(summary.get(3) instanceof List<?> perConsumer)) {
            return 0;
        }
        for (Object row : perConsumer) {
            List<?> nameAndCount = (List<?>) row;
            if (consumer.equals(nameAndCount.get(0))) {
                return Long.parseLong(String.valueOf(nameAndCount.get(1)));
            }
        }
        return 0;
    }

    private static int sum(Map<String, Integer> perOrder) {
        return perOrder.values().stream().mapToInt(Integer::intValue).sum();
    }

    private record Kill(Service service, int placedSoFar, long centralPending) {
    }
}
