package io.orderflow.order.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.order.domain.Order;
import io.orderflow.order.domain.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An order as the fields of its Redis hash, and back. */
final class OrderCodec {

    private OrderCodec() {
    }

    static Map<String, String> toHash(Order order) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("order_id", order.orderId());
        hash.put("user_id", order.userId());
        hash.put("items", itemsJson(order.items()));
        hash.put("total", order.total().toPlainString());
        hash.put("status", order.status().wireName());
        hash.put("created_at", order.createdAt().toString());
        hash.put("updated_at", order.updatedAt().toString());
        hash.put("created_ms", String.valueOf(order.createdAt().toEpochMilli()));
        hash.put("version", String.valueOf(order.version()));
        return hash;
    }

    static Order fromHash(Map<String, String> hash) {
        return new Order(
                hash.get("order_id"),
                hash.get("user_id"),
                items(hash.get("items")),
                new BigDecimal(hash.get("total")),
                OrderStatus.fromWireName(hash.get("status"))
                        .orElseThrow(() -> new IllegalStateException("stored order has status " + hash.get("status"))),
                hash.get("payment_id"),
                hash.get("tracking_number"),
                hash.get("carrier"),
                Instant.parse(hash.get("created_at")),
                Instant.parse(hash.get("updated_at")),
                hash.get("shipped_at") == null ? null : Instant.parse(hash.get("shipped_at")),
                Long.parseLong(hash.getOrDefault("version", "0")));
    }

    private static String itemsJson(List<OrderItem> items) {
        ArrayNode array = EventCodec.INSTANCE.mapper().createArrayNode();
        for (OrderItem item : items) {
            array.addObject().put("product_id", item.productId()).put("name", item.name()).put("price", item.price())
                    .put("quantity", item.quantity());
        }
        return EventCodec.INSTANCE.write(array);
    }

    private static List<OrderItem> items(String json) {
        try {
            List<OrderItem> items = new ArrayList<>();
            for (JsonNode item : EventCodec.INSTANCE.mapper().readTree(json)) {
                items.add(new OrderItem(item.get("product_id").asText(), item.get("name").asText(),
                        item.get("price").decimalValue(), item.get("quantity").asInt()));
            }
            return items;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored order items are not JSON", e);
        }
    }
}
