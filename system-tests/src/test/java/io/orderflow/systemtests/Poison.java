package io.orderflow.systemtests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.harness.redis.RespConnection;
import java.util.UUID;

/**
 * Entries no service can handle, written straight into Redis as a broken or hostile publisher
 * would: each carries a marker ({@code poison-<kind>-<wave>}) so that the test can find it again in
 * the dead-letter queue it must end in.
 */
enum Poison {

    /** Not JSON at all, on the central stream: the distributor dead-letters it. */
    CENTRAL_NOT_JSON("events:all", "events:all:dlq"),
    /** JSON of a type nobody knows, on the central stream. */
    CENTRAL_UNKNOWN_TYPE("events:all", "events:all:dlq"),
    /** A known type without its required fields, on the central stream. */
    CENTRAL_MISSING_FIELDS("events:all", "events:all:dlq"),
    /** An entry without LeanMQ's {@code data} field, on the central stream. */
    CENTRAL_NO_DATA_FIELD("events:all", "events:all:dlq"),
    /** Not JSON, straight into payment-service's queue: its consumer dead-letters it. */
    QUEUE_NOT_JSON("events:sub:payment-service", "events:sub:payment-service:dlq"),
    /** An unknown type straight into payment-service's queue. */
    QUEUE_UNKNOWN_TYPE("events:sub:payment-service", "events:sub:payment-service:dlq"),
    /** A known type without its required fields, straight into payment-service's queue. */
    QUEUE_MISSING_FIELDS("events:sub:payment-service", "events:sub:payment-service:dlq"),
    /**
     * A well-formed OrderCreatedEvent whose payment handler throws every time: the order's
     * {@code payments:by-order:<id>} key holds a hash where a string belongs (a corrupted store),
     * so every attempt fails with WRONGTYPE. Retried up to the configured attempts, then
     * dead-lettered with the attempt count and the exception.
     */
    HANDLER_ALWAYS_THROWS("events:all", "events:sub:payment-service:dlq");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String stream;
    private final String deadLetterQueue;

    Poison(String stream, String deadLetterQueue) {
        this.stream = stream;
        this.deadLetterQueue = deadLetterQueue;
    }

    String deadLetterQueue() {
        return deadLetterQueue;
    }

    String marker(int wave) {
        return "poison-" + name().toLowerCase() + "-" + wave;
    }

    /** Writes this poison's entry for the given wave. */
    void inject(RespConnection redis, int wave) {
        String marker = marker(wave);
        switch (this) {
            case CENTRAL_NOT_JSON, QUEUE_NOT_JSON -> xadd(redis, "data", "{\"event_type\": \"OrderCreatedEvent\", " + marker + " <<<");
            case CENTRAL_UNKNOWN_TYPE, QUEUE_UNKNOWN_TYPE -> xadd(redis, "data", event("RefundIssuedEvent", marker)
                    .put("order_id", marker).toString());
            case CENTRAL_MISSING_FIELDS, QUEUE_MISSING_FIELDS -> xadd(redis, "data", event("OrderCreatedEvent", marker).toString());
            case CENTRAL_NO_DATA_FIELD -> xadd(redis, "payload", marker);
            case HANDLER_ALWAYS_THROWS -> {
                String orderId = marker;
                redis.call("HSET", "payments:by-order:" + orderId, "corrupted", "a hash where a payment id belongs");
                ObjectNode event = event("OrderCreatedEvent", marker).put("order_id", orderId).put("user_id", "poison-user")
                        .put("total", 10.5);
                event.putArray("items").addObject().put("product_id", "p").put("name", "n").put("price", 10.5).put("quantity", 1);
                xadd(redis, "data", event.toString());
            }
            default -> throw new IllegalStateException(name());
        }
    }

    private void xadd(RespConnection redis, String field, String value) {
        redis.call("XADD", stream, "*", field, value);
    }

    private static ObjectNode event(String type, String marker) {
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", UUID.randomUUID().toString());
        event.put("timestamp", System.currentTimeMillis() / 1000.0);
        event.put("event_type", type);
        event.put("poison", marker);
        return event;
    }
}
