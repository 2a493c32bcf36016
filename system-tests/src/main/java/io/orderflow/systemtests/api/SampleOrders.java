package io.orderflow.systemtests.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;

/**
 * Order requests for the pipeline. payment-service always declines totals ending in .13, whatever
 * its success rate, so {@link #declined} makes an order whose payment fails on purpose.
 */
public final class SampleOrders {

    private SampleOrders() {
    }

    /** One to three items, a total that never ends in .13: with success rate 1 it ships. */
    public static String payable(String userId, RandomGenerator random) {
        ObjectNode order = JsonHttp.JSON.createObjectNode().put("user_id", userId);
        ArrayNode items = order.putArray("items");
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            // Prices end in .99 or .49, quantities 1..3: a sum of such lines never ends in .13.
            BigDecimal price = BigDecimal.valueOf(1 + random.nextInt(200)).add(new BigDecimal(random.nextBoolean() ? "0.99" : "0.49"));
            items.addObject().put("product_id", "prod-" + random.nextInt(1000)).put("name", "Product " + i)
                    .put("price", price).put("quantity", 1 + random.nextInt(3));
        }
        return order.toString();
    }

    /** One item at 10.13: payment-service declines it. */
    public static String declined(String userId) {
        ObjectNode order = JsonHttp.JSON.createObjectNode().put("user_id", userId);
        order.putArray("items").addObject().put("product_id", "prod-declined").put("name", "Declined on purpose")
                .put("price", new BigDecimal("10.13")).put("quantity", 1);
        return order.toString();
    }

    /** Whether payment-service declines an order of this total on purpose. */
    public static boolean isDeclined(BigDecimal total) {
        return total.setScale(2, RoundingMode.HALF_UP).remainder(BigDecimal.ONE).compareTo(new BigDecimal("0.13")) == 0;
    }
}
