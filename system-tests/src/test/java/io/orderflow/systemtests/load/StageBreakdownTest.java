package io.orderflow.systemtests.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageBreakdownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SENT = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void cutsTheOrdersWayIntoConsecutiveStagesThatAddUpToTheTotal() throws Exception {
        StageBreakdown breakdown = new StageBreakdown();

        breakdown.add(SENT, journey(true));

        Map<String, Percentiles> stages = breakdown.percentiles();
        List<Long> micros = stages.values().stream().map(p -> p.p50().toNanos() / 1000).toList();
        assertThat(micros).containsExactly(1000L, 300L, 2000L, 400L, 2000L, 500L, 900L, 7100L);
        assertThat(micros.subList(0, 7).stream().mapToLong(Long::longValue).sum()).isEqualTo(micros.get(7));
    }

    @Test
    void leavesOutAnOrderWhoseTrailIsIncomplete() throws Exception {
        StageBreakdown breakdown = new StageBreakdown();

        breakdown.add(SENT, journey(false));

        assertThat(breakdown.percentiles().values()).allSatisfy(p -> assertThat(p.count()).isZero());
    }

    /** A journey as GET /orders/{id}/events answers it; without the order-service hop when {@code complete} is false. */
    private static JsonNode journey(boolean complete) throws Exception {
        String orderHop = complete
                ? "{\"queue\": \"sub:order-service\", \"distributed_at\": \"" + at(6200) + "\", \"handled_at\": \"" + at(7100) + "\"}"
                : "";
        return JSON.readTree("""
                [
                  {"event_type": "OrderCreatedEvent", "published_at": "%s",
                   "hops": [{"queue": "sub:payment-service", "distributed_at": "%s", "handled_at": "%s"}]},
                  {"event_type": "PaymentProcessedEvent", "published_at": "%s",
                   "hops": [{"queue": "sub:shipping-service", "distributed_at": "%s", "handled_at": "%s"},
                            {"queue": "sub:order-service", "distributed_at": "%s", "handled_at": "%s"}]},
                  {"event_type": "OrderShippedEvent", "published_at": "%s", "hops": [%s]}
                ]
                """.formatted(at(1000), at(1300), at(3400), at(3300), at(3700), at(5300), at(3700), at(4000), at(5700),
                orderHop));
    }

    /** {@code micros} after the POST was sent. */
    private static String at(long micros) {
        return SENT.plus(Duration.ofNanos(micros * 1000)).toString();
    }
}
