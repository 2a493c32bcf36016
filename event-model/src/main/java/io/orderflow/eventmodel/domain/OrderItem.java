package io.orderflow.eventmodel.domain;

import java.math.BigDecimal;

/** One line of an order: what was bought, at which unit price, how many. */
public record OrderItem(String productId, String name, BigDecimal price, int quantity) {

    public OrderItem {
        FieldRules.requireText("product_id", productId);
        FieldRules.requirePresent("name", name);
        FieldRules.requireNonNegative("price", price);
        FieldRules.requirePositive("quantity", quantity);
    }

    /** price × quantity, exact. */
    public BigDecimal lineTotal() {
        return price.multiply(BigDecimal.valueOf(quantity));
    }
}
