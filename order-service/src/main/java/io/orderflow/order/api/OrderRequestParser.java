package io.orderflow.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.httpapi.ApiException;
import io.orderflow.order.domain.NewOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a POST /orders body into a {@link NewOrder}, or says exactly what is wrong with it.
 * Unknown fields are ignored; a client-sent total is ignored too (the server computes it).
 */
final class OrderRequestParser {

    static final int MAX_ID_LENGTH = 128;
    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_QUANTITY = 10_000;
    static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");
    static final int MAX_PRICE_SCALE = 4;
    /** Numbers with more decimal places or trailing zeros than this are shown in E notation in error messages. */
    private static final int MAX_SHOWN_SCALE = 100;

    private final int maxItems;

    OrderRequestParser(int maxItems) {
        this.maxItems = maxItems;
    }

    NewOrder parse(String body) {
        JsonNode root;
        try {
            root = EventCodec.INSTANCE.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw ApiException.invalid("body is empty; expected {\"user_id\": ..., \"items\": [...]}");
        }
        if (!root.isObject()) {
            throw ApiException.invalid("body must be a JSON object, was " + kind(root));
        }
        String userId = text(root, "user_id", "user_id", MAX_ID_LENGTH);
        JsonNode items = root.get("items");
        if (items == null || items.isNull()) {
            throw ApiException.invalid("'items' is required");
        }
        if (!items.isArray()) {
            throw ApiException.invalid("'items' must be an array, was " + kind(items));
        }
        if (items.isEmpty()) {
            throw ApiException.invalid("'items' must not be empty");
        }
        if (items.size() > maxItems) {
            throw ApiException.invalid("'items' has " + items.size() + " entries; at most " + maxItems + " are allowed");
        }
        List<OrderItem> parsed = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            parsed.add(item(items.get(i), "items[" + i + "]"));
        }
        return new NewOrder(userId, parsed);
    }

    private static OrderItem item(JsonNode item, String path) {
        if (!item.isObject()) {
            throw ApiException.invalid("'" + path + "' must be an object, was " + kind(item));
        }
        String productId = text(item, "product_id", path + ".product_id", MAX_ID_LENGTH);
        String name = text(item, "name", path + ".name", MAX_NAME_LENGTH);
        return new OrderItem(productId, name, price(item.get("price"), path + ".price"),
                quantity(item.get("quantity"), path + ".quantity"));
    }

    private static String text(JsonNode parent, String field, String path, int maxLength) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.invalid("'" + path + "' is required");
        }
        if (!value.isTextual()) {
            throw ApiException.invalid("'" + path + "' must be a string, was " + kind(value));
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            throw ApiException.invalid("'" + path + "' must not be blank");
        }
        if (text.length() > maxLength) {
            throw ApiException.invalid("'" + path + "' is longer than " + maxLength + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid("'" + path + "' must not contain control characters");
        }
        return text;
    }

    private static BigDecimal price(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            throw ApiException.invalid("'" + path + "' is required");
        }
        if (!value.isNumber()) {
            throw ApiException.invalid("'" + path + "' must be a number, was " + kind(value));
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            throw ApiException.invalid("'" + path + "' must be a finite number");
        }
        BigDecimal price = value.decimalValue();
        if (price.signum() < 0) {
            throw ApiException.invalid("'" + path + "' must not be negative, was " + shown(price));
        }
        if (price.compareTo(MAX_PRICE) > 0) {
            throw ApiException.invalid("'" + path + "' must not exceed " + MAX_PRICE.toPlainString());
        }
        BigDecimal normalized = price.stripTrailingZeros();
        if (normalized.scale() > MAX_PRICE_SCALE) {
            throw ApiException.invalid("'" + path + "' has more than " + MAX_PRICE_SCALE + " decimal places");
        }
        return normalized.scale() < 0 ? normalized.setScale(0) : normalized;
    }

    private static int quantity(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            throw ApiException.invalid("'" + path + "' is required");
        }
        if (!value.isNumber()) {
            throw ApiException.invalid("'" + path + "' must be a whole number, was " + kind(value));
        }
        if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
            throw ApiException.invalid("'" + path + "' must be a whole number");
        }
        BigDecimal quantity = value.decimalValue();
        if (quantity.stripTrailingZeros().scale() > 0) {
            throw ApiException.invalid("'" + path + "' must be a whole number, was " + shown(quantity));
        }
        if (quantity.signum() <= 0) {
            throw ApiException.invalid("'" + path + "' must be at least 1, was " + shown(quantity));
        }
        if (quantity.compareTo(BigDecimal.valueOf(MAX_QUANTITY)) > 0) {
            throw ApiException.invalid("'" + path + "' must not exceed " + MAX_QUANTITY);
        }
        return quantity.intValueExact();
    }

    /**
     * A number from the request as an error message shows it: plain when that is short, else in
     * E notation. The plain form of -1e-999999999 is a billion characters, which a request could
     * otherwise make the service build.
     */
    private static String shown(BigDecimal number) {
        return Math.abs((long) number.scale()) <= MAX_SHOWN_SCALE ? number.toPlainString() : number.toString();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
