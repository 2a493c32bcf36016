package io.orderflow.eventmodel.domain;

import java.math.BigDecimal;

/**
 * The value rules every event obeys, checked when an event is built, whether by a service or by
 * the codec, so that no invalid event exists in memory. Field names are the wire names, so that
 * an error read off a dead-letter queue points at the JSON.
 */
final class FieldRules {

    private FieldRules() {
    }

    static void requirePresent(String field, Object value) {
        if (value == null) {
            throw new InvalidEventException(field, "is required");
        }
    }

    static void requireText(String field, String value) {
        requirePresent(field, value);
        if (value.isBlank()) {
            throw new InvalidEventException(field, "must not be blank");
        }
    }

    static void requireNonNegative(String field, BigDecimal value) {
        requirePresent(field, value);
        if (value.signum() < 0) {
            throw new InvalidEventException(field, "must not be negative, was " + value.toPlainString());
        }
    }

    static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new InvalidEventException(field, "must be positive, was " + value);
        }
    }
}
