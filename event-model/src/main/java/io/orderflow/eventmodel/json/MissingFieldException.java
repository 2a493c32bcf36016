package io.orderflow.eventmodel.json;

/** A field the event type requires is absent or null. */
public final class MissingFieldException extends EventFormatException {

    private final String field;

    MissingFieldException(String eventType, String field) {
        super(eventType + ": missing required field '" + field + "'");
        this.field = field;
    }

    public String field() {
        return field;
    }
}
