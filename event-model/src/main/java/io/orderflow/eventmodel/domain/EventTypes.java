package io.orderflow.eventmodel.domain;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of event types by wire name. The wire name is the Python reference's class name,
 * so that LeanMQ services and Orderflow services route the same events the same way.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends Event>> BY_NAME = new LinkedHashMap<>();

    /** The reverse of {@link #BY_NAME}: every event asks for its name whenever it is routed, counted or written. */
    private static final Map<Class<?>, String> BY_TYPE = new HashMap<>();

    static {
        BY_NAME.put("OrderCreatedEvent", OrderCreatedEvent.class);
        BY_NAME.put("PaymentProcessedEvent", PaymentProcessedEvent.class);
        BY_NAME.put("OrderShippedEvent", OrderShippedEvent.class);
        BY_NAME.forEach((name, type) -> BY_TYPE.put(type, name));
    }

    private EventTypes() {
    }

    public static Optional<Class<? extends Event>> typeOf(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }

    public static String nameOf(Class<?> type) {
        String name = BY_TYPE.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type.getName() + " is not an Orderflow event type");
        }
        return name;
    }

    public static boolean isEventType(Class<?> type) {
        return BY_TYPE.containsKey(type);
    }

    public static Collection<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
