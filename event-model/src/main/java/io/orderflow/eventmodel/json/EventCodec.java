package io.orderflow.eventmodel.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.domain.EventTypes;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;

/**
 * Reads and writes events in the JSON of the Python reference: snake_case names,
 * {@code event_id}, {@code timestamp}, {@code event_type} first, then the fields of the type,
 * timestamps as epoch seconds with fraction and money as plain JSON numbers.
 *
 * <p>Reading ignores unknown fields (such as LeanMQ's {@code _metadata}, {@code _failures}) and
 * keeps numbers exact: money is read as the decimal that was written, never through a double.
 * Every defect is reported as an {@link EventFormatException}; nothing is ever defaulted.
 *
 * <p>Instances are immutable and thread-safe; {@link #INSTANCE} is the one to share.
 */
public final class EventCodec {

    public static final EventCodec INSTANCE = new EventCodec();

    private final ObjectMapper mapper;

    private EventCodec() {
        this.mapper = JsonMapper.builder()
                // Python's json.dumps writes NaN and Infinity; read them so that they get a
                // precise "must be finite" error instead of a generic parse failure.
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
    }

    /** The mapper configured for event JSON, for callers that add envelope fields to the tree. */
    public ObjectMapper mapper() {
        return mapper;
    }

    // ---------------------------------------------------------------- writing

    public String encode(Event event) {
        return write(toTree(event));
    }

    public String write(JsonNode tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The event as a JSON object in wire order, ready for envelope fields to be appended. */
    public ObjectNode toTree(Event event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("event_id", event.eventId());
        node.put("timestamp", EpochSeconds.fromInstant(event.timestamp()));
        node.put("event_type", event.eventType());
        switch (event) {
            case OrderCreatedEvent e -> {
                node.put("order_id", e.orderId());
                node.put("user_id", e.userId());
                node.put("total", e.total());
                ArrayNode items = node.putArray("items");
                for (OrderItem item : e.items()) {
                    items.addObject()
                            .put("product_id", item.productId())
                            .put("name", item.name())
                            .put("price", item.price())
                            .put("quantity", item.quantity());
                }
            }
            case PaymentProcessedEvent e -> {
                node.put("payment_id", e.paymentId());
                node.put("order_id", e.orderId());
                node.put("amount", e.amount());
                node.put("status", e.status().wireName());
            }
            case OrderShippedEvent e -> {
                node.put("order_id", e.orderId());
                node.put("tracking_number", e.trackingNumber());
                node.put("carrier", e.carrier());
            }
        }
        return node;
    }

    // ---------------------------------------------------------------- reading

    public Event decode(String json) {
        return decode(parse(json));
    }

    /** Parses text that must be one JSON object. */
    public ObjectNode parse(String json) {
        if (json == null) {
            throw new NotJsonException("no JSON text (null)");
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NotJsonException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new NotJsonException("not JSON: empty text");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new NotJsonException("not a JSON object but " + node.getNodeType().name().toLowerCase());
        }
        return object;
    }

    /** The wire name in {@code event_type}, checked against the registry. */
    public String eventTypeOf(JsonNode node) {
        JsonNode type = node.get("event_type");
        if (type == null || type.isNull()) {
            throw new MissingEventTypeException();
        }
        String name = type.isTextual() ? type.textValue() : type.toString();
        if (!type.isTextual() || EventTypes.typeOf(name).isEmpty()) {
            throw new UnknownEventTypeException(name);
        }
        return name;
    }

    public Event decode(JsonNode node) {
        if (!(node instanceof ObjectNode)) {
            throw new NotJsonException("not a JSON object");
        }
        String type = eventTypeOf(node);
        EventFields f = new EventFields(type, node);
        return f.build(() -> switch (type) {
            case "OrderCreatedEvent" -> new OrderCreatedEvent(
                    f.text("event_id"), f.instant("timestamp"), f.text("order_id"), f.text("user_id"),
                    f.money("total"), f.items("items"));
            case "PaymentProcessedEvent" -> new PaymentProcessedEvent(
                    f.text("event_id"), f.instant("timestamp"), f.text("payment_id"), f.text("order_id"),
                    f.money("amount"), f.paymentStatus("status"));
            case "OrderShippedEvent" -> new OrderShippedEvent(
                    f.text("event_id"), f.instant("timestamp"), f.text("order_id"),
                    f.text("tracking_number"), f.text("carrier"));
            default -> throw new UnknownEventTypeException(type);
        });
    }
}
