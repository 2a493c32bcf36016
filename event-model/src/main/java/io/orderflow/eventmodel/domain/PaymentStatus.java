package io.orderflow.eventmodel.domain;

import java.util.Arrays;
import java.util.Optional;

/** Outcome of a payment, written on the wire in lower case. */
public enum PaymentStatus {
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String wireName;

    PaymentStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<PaymentStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
