package io.orderflow.eventmodel.json;

/** A field is present but has the wrong JSON type or a value the event does not allow. */
public final class InvalidFieldException extends EventFormatException {

    private final String field;

    InvalidFieldException(String eventType, String field, String problem) {
        super(eventType + ": '" + field + "' " + problem);
        this.field = field;
    }

    InvalidFieldException(String eventType, String field, String problem, Throwable cause) {
        super(eventType + ": '" + field + "' " + problem, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
