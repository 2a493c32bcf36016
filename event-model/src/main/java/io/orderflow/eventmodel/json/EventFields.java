package io.orderflow.eventmodel.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.domain.InvalidEventException;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.domain.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Typed access to the fields of one event's JSON object, turning every defect into the
 * {@link EventFormatException} that names it.
 */
final class EventFields {

    private final String eventType;
    private final JsonNode node;
    private final String pathPrefix;

    EventFields(String eventType, JsonNode node) {
        this(eventType, node, "");
    }

    private EventFields(String eventType, JsonNode node, String pathPrefix) {
        this.eventType = eventType;
        this.node = node;
        this.pathPrefix = pathPrefix;
    }

    /** Runs the constructor of an event, reporting its value-rule violations as field errors. */
    Event build(Supplier<Event> constructor) {
        try {
            return constructor.get();
        } catch (InvalidEventException e) {
            throw new InvalidFieldException(eventType, pathPrefix + e.field(), problemOf(e), e);
        }
    }

    String text(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw invalid(field, "must be a string, was " + describe(value));
        }
        return value.textValue();
    }

    BigDecimal money(String field) {
        JsonNode value = required(field);
        if (!value.isNumber()) {
            throw invalid(field, "must be a number, was " + describe(value));
        }
        if (isNonFinite(value)) {
            throw invalid(field, "must be a finite number, was " + value.asText());
        }
        BigDecimal amount = value.decimalValue();
        if (amount.signum() < 0) {
            throw invalid(field, "must not be negative, was " + amount.toPlainString());
        }
        return amount;
    }

    Instant instant(String field) {
        JsonNode value = required(field);
        if (!value.isNumber() || isNonFinite(value)) {
            throw invalid(field, "must be epoch seconds as a finite number, was " + describe(value));
        }
        try {
            return EpochSeconds.toInstant(value.decimalValue());
        } catch (ArithmeticException | DateTimeException e) {
            throw invalid(field, "is out of range: " + value.asText());
        }
    }

    int positiveInt(String field) {
        JsonNode value = required(field);
        if (!value.isNumber() || isNonFinite(value)) {
            throw invalid(field, "must be a whole number, was " + describe(value));
        }
        BigDecimal number = value.decimalValue();
        if (number.stripTrailingZeros().scale() > 0) {
            throw invalid(field, "must be a whole number, was " + number.toPlainString());
        }
        if (number.signum() <= 0) {
            throw invalid(field, "must be positive, was " + number.toPlainString());
        }
        try {
            return number.intValueExact();
        } catch (ArithmeticException e) {
            throw invalid(field, "is too large: " + number.toPlainString());
        }
    }

    PaymentStatus paymentStatus(String field) {
        String status = text(field);
        return PaymentStatus.fromWireName(status)
                .orElseThrow(() -> invalid(field, "must be 'succeeded' or 'failed', was '" + status + "'"));
    }

    List<OrderItem> items(String field) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw invalid(field, "must be an array, was " + describe(value));
        }
        List<OrderItem> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String path = pathPrefix + field + "[" + i + "].";
            if (!element.isObject()) {
                throw new InvalidFieldException(eventType, pathPrefix + field + "[" + i + "]",
                        "must be an object, was " + describe(element));
            }
            EventFields item = new EventFields(eventType, element, path);
            try {
                items.add(new OrderItem(item.text("product_id"), item.text("name"),
                        item.money("price"), item.positiveInt("quantity")));
            } catch (InvalidEventException e) {
                throw new InvalidFieldException(eventType, path + e.field(), problemOf(e), e);
            }
        }
        return items;
    }

    private JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MissingFieldException(eventType, pathPrefix + field);
        }
        return value;
    }

    private InvalidFieldException invalid(String field, String problem) {
        return new InvalidFieldException(eventType, pathPrefix + field, problem);
    }

    private static boolean isNonFinite(JsonNode value) {
        return (value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue());
    }

    private static String describe(JsonNode value) {
        return value.getNodeType().name().toLowerCase() + " " + abbreviate(value.toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    private static String problemOf(InvalidEventException e) {
        // The exception message is "'field' problem"; the field is re-qualified by the caller.
        String message = e.getMessage();
        int end = message.indexOf("' ");
        return end < 0 ? message : message.substring(end + 2);
    }
}
