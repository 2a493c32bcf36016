package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.systemtests.pipeline.Pipeline;
import io.orderflow.systemtests.redis.BusBacklog;
import io.orderflow.harness.redis.RespConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, part 3: poison on the bus while orders flow. Clean runs and poisoned runs alternate on
 * one pipeline; during each poisoned run every kind of {@link Poison} is injected in waves into
 * {@code events:all} and into payment-service's queue. Every poison entry must end in the right
 * dead-letter queue with a reason (the always-throwing one after the configured attempts, with its
 * exception), nothing may stay pending, and every good order must finish. The throughput of clean
 * and poisoned runs, measured side by side, is printed (a figure, not an assertion: the machine is
 * shared) and recorded in docs/reliability.md.
 */
class PoisonIT {

    private static final int ORDERS_PER_RUN = 600;
    /** Clean and poisoned runs, alternating; more give a steadier ratio: -Dorderflow.poison-rounds=5. */
    private static final int ROUNDS = Integer.getInteger("orderflow.poison-rounds", 2);
    private static final int WAVES_PER_RUN = 4;
    private static final int MAX_ATTEMPTS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Progress PROGRESS = new Progress(PoisonIT.class);
    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        PROGRESS.step("starting Redis and the three services");
        pipeline = Pipeline.builder(SystemTestLogs.of(PoisonIT.class))
                .env("ORDERFLOW_BUS_RETRY_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS))
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
    void poisonEndsInTheRightDeadLetterQueueWithAReasonAndGoodOrdersKeepFlowing() throws Exception {
        placeAndFinish(ORDERS_PER_RUN, 0, false); // warm-up: JIT and connections, not measured
        List<Double> clean = new ArrayList<>();
        List<Double> poisoned = new ArrayList<>();
        List<PlacedOrder> placed = new ArrayList<>();
        int wave = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            // Clean first in odd rounds, poisoned first in even ones, so that a machine getting
            // busier or quieter during the test does not favour either.
            for (boolean poison : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                RunResult run = placeAndFinish(ORDERS_PER_RUN, wave, poison);
                placed.addAll(run.placed());
                (poison ? poisoned : clean).add(run.ordersPerSecond());
                if (poison) {
                    wave += WAVES_PER_RUN;
                }
            }
            PROGRESS.step("round %d: clean %.1f orders/s, poisoned %.1f orders/s", round, clean.getLast(), poisoned.getLast());
        }
        double cleanMean = clean.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double poisonedMean = poisoned.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        PROGRESS.step("throughput: clean %s, poisoned %s orders/s; poisoned/clean = %.1f %% (target >= 90 %%)", format(clean),
                format(poisoned), 100 * poisonedMean / cleanMean);

        Map<String, JsonNode> orders = TerminalOrders.await(List.of(pipeline.orders()), placed, Duration.ofSeconds(120));
        TerminalOrders.assertEachAsExpected(orders, placed);
        PROGRESS.step("all %d good orders terminal", placed.size());

        try (RespConnection redis = pipeline.openRedis()) {
            int waves = wave;
            await("nothing left pending in any group").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(BusBacklog.read(redis).pendingByGroup())
                            .allSatisfy((group, pending) -> assertThat(pending).as("pending in %s", group).isZero()));
            Map<String, List<String>> deadLetters = new HashMap<>();
            for (String dlq : List.of("events:all:dlq", "events:sub:payment-service:dlq", "events:sub:order-service:dlq",
                    "events:sub:shipping-service:dlq")) {
                deadLetters.put(dlq, entryTexts(redis, dlq));
            }
            for (int w = 0; w < waves; w++) {
                for (Poison poison : Poison.values()) {
                    String marker = poison.marker(w);
                    List<String> holding = deadLetters.entrySet().stream()
                            .filter(e -> e.getValue().stream().anyMatch(text -> text.contains(marker))).map(Map.Entry::getKey).toList();
                    assertThat(holding).as("dead-letter queues holding %s", marker).containsExactly(poison.deadLetterQueue());
                    JsonNode failure = lastFailure(deadLetters.get(poison.deadLetterQueue()), marker);
                    assertThat(failure.path("reason").asText()).as("reason recorded for %s", marker).isNotBlank();
                    if (poison == Poison.HANDLER_ALWAYS_THROWS) {
                        assertThat(failure.path("attempts").asInt()).as("attempts recorded for %s", marker).isEqualTo(MAX_ATTEMPTS);
                        assertThat(failure.path("exception").asText()).as("exception recorded for %s", marker).isNotBlank();
                    }
                }
            }
            int poisonEntries = waves * Poison.values().length;
            int deadLettered = deadLetters.values().stream().mapToInt(List::size).sum();
            assertThat(deadLettered).as("dead-lettered entries: the poison and nothing else").isEqualTo(poisonEntries);
            PROGRESS.step("%d poison entries injected, each in its dead-letter queue with a reason: %s", poisonEntries,
                    deadLetters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).sorted().toList());
            PROGRESS.step("example reasons: %s", exampleReasons(deadLetters));
        }
    }

    /**
     * Places {@code count} orders from 8 clients as fast as they are answered, optionally injecting
     * poison in waves meanwhile, and waits until order-service has every one of them finished.
     * Throughput: orders from the first POST until the last order finished.
     */
    private static RunResult placeAndFinish(int count, int firstWave, boolean poison) throws Exception {
        try (RespConnection redis = pipeline.openRedis()) {
            long finishedBefore = finished(redis);
            long started = System.nanoTime();
            OrderPlacement placement = OrderPlacement.to(pipeline.orders()).clients(8);
            CompletableFuture<List<PlacedOrder>> run = CompletableFuture.supplyAsync(() -> placement.place(count));
            if (poison) {
                for (int w = 0; w < WAVES_PER_RUN; w++) {
                    int wave = firstWave + w;
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                            .until(() -> placement.placedSoFar() >= count * (wave - firstWave) / WAVES_PER_RUN);
                    for (Poison kind : Poison.values()) {
                        kind.inject(redis, wave);
                    }
                }
            }
            List<PlacedOrder> placed = run.get();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                    .until(() -> finished(redis) - finishedBefore >= count);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new RunResult(placed, count / seconds);
        }
    }

    private static long finished(RespConnection redis) {
        return redis.callForLong("ZCARD", "orders:index:status:shipped") + redis.callForLong("ZCARD", "orders:index:status:payment_failed");
    }

    /** Every entry of the stream as one text (its fields and values joined), for finding markers. */
    private static List<String> entryTexts(RespConnection redis, String stream) {
        List<String> texts = new ArrayList<>();
        for (Object entry : redis.callForList("XRANGE", stream, "-", "+")) {
            List<?> fields = (List<?>) ((List<?>) entry).get(1);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if ("data".equals(fields.get(i))) {
                    text.append(fields.get(i + 1));
                } else {
                    text.append(fields.get(i)).append('=').append(fields.get(i + 1)).append(' ');
                }
            }
            texts.add(text.toString());
        }
        return texts;
    }

    /** The last {@code _failures} item of the dead-lettered entry that carries the marker. */
    private static JsonNode lastFailure(List<String> entries, String marker) throws Exception {
        String text = entries.stream().filter(t -> t.contains(marker)).findFirst().orElseThrow();
        JsonNode failures = JSON.readTree(text).path("_failures");
        assertThat(failures.isArray() && !failures.isEmpty()).as("_failures of %s: %s", marker, text).isTrue();
        return failures.get(failures.size() - 1);
    }

    private static List<String> exampleReasons(Map<String, List<String>> deadLetters) {
        List<String> reasons = new ArrayList<>();
        for (Poison poison : Poison.values()) {
            try {
                reasons.add(poison + ": " + lastFailure(deadLetters.get(poison.deadLetterQueue()), poison.marker(0)));
            } catch (Exception e) {
                reasons.add(poison + ": ?");
            }
        }
        return reasons;
    }

    private static String format(List<Double> figures) {
        return figures.stream().map(f -> String.format(Locale.ROOT, "%.1f", f)).toList().toString();
    }

    private record RunResult(List<PlacedOrder> placed, double ordersPerSecond) {
    }
}
