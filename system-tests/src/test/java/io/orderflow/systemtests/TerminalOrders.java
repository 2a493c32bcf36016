package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.systemtests.api.OrderApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Waits, through GET /orders/{id}, until orders reach {@code shipped} or {@code payment_failed}. */
final class TerminalOrders {

    static final Set<String> TERMINAL = Set.of("shipped", "payment_failed");

    private TerminalOrders() {
    }

    /** Every placed order ended as it was made to: shipped, or payment_failed when it was declined on purpose. */
    static void assertEachAsExpected(Map<String, JsonNode> orders, List<PlacedOrder> placed) {
        for (PlacedOrder order : placed) {
            assertThat(orders.get(order.orderId()).path("status").asText())
                    .as("status of %s (declined on purpose: %s)", order.orderId(), order.declined())
                    .isEqualTo(order.expectedStatus());
        }
    }

    /**
     * The orders as order-service shows them once every one is terminal, by id. Reads go to the
     * given instances in turn. Fails listing the stragglers and their status if time runs out.
     */
    static Map<String, JsonNode> await(List<OrderApi> readers, List<PlacedOrder> placed, Duration timeout) throws InterruptedException {
        Map<String, JsonNode> terminal = new LinkedHashMap<>();
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        Set<String> waiting = placed.stream().map(PlacedOrder::orderId).collect(Collectors.toCollection(LinkedHashSet::new));
        long deadline = System.nanoTime() + timeout.toNanos();
        int read = 0;
        while (true) {
            for (var it = waiting.iterator(); it.hasNext(); ) {
                String id = it.next();
                JsonNode order = readers.get(read++ % readers.size()).get(id);
                latest.put(id, order);
                if (TERMINAL.contains(order.path("status").asText())) {
                    terminal.put(id, order);
                    it.remove();
                }
            }
            if (waiting.isEmpty()) {
                Map<String, JsonNode> inPlacementOrder = new LinkedHashMap<>();
                placed.forEach(p -> inPlacementOrder.put(p.orderId(), terminal.get(p.orderId())));
                return inPlacementOrder;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(waiting.size() + " of " + placed.size() + " orders did not reach a terminal status within "
                        + timeout.toSeconds() + " s, e.g. " + waiting.stream().limit(5)
                                .map(id -> id + "=" + latest.get(id).path("status").asText()).toList());
            }
            Thread.sleep(200);
        }
    }
}
