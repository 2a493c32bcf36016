package io.orderflow.eventmodel.json;

import io.orderflow.eventmodel.domain.EventTypes;

/** The {@code event_type} names no event Orderflow knows. */
public final class UnknownEventTypeException extends EventFormatException {

    private final String eventType;

    UnknownEventTypeException(String eventType) {
        super("unknown event_type " + eventType + " (known: " + String.join(", ", EventTypes.names()) + ")");
        this.eventType = eventType;
    }

    /** The offending value as it appeared in the JSON. */
    public String eventType() {
        return eventType;
    }
}
