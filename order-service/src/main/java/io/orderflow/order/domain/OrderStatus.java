package io.orderflow.order.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where an order stands. Status only moves forward: {@code created} → {@code paid} →
 * {@code shipped}, or {@code created} → {@code payment_failed}.
 */
public enum OrderStatus {
    CREATED("created", 0),
    PAID("paid", 1),
    PAYMENT_FAILED("payment_failed", 1),
    SHIPPED("shipped", 2);

    private final String wireName;
    private final int stage;

    OrderStatus(String wireName, int stage) {
        this.wireName = wireName;
        this.stage = stage;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isTerminal() {
        return this == SHIPPED || this == PAYMENT_FAILED;
    }

    /** Whether an order in this status may move to {@code next}: forward only, and never out of a failure. */
    public boolean canMoveTo(OrderStatus next) {
        return this != PAYMENT_FAILED && next.stage > stage;
    }

    public static Optional<OrderStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
