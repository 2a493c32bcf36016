package io.orderflow.order.domain;

import io.orderflow.eventmodel.domain.OrderItem;
import java.math.BigDecimal;
import java.util.List;

/** A validated request to place an order. The total is the server's to compute. */
public record NewOrder(String userId, List<OrderItem> items) {

    public NewOrder {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one item");
        }
        items = List.copyOf(items);
    }

    /** Σ price × quantity, exact. */
    public BigDecimal total() {
        return items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
