package io.orderflow.eventmodel.json;

/** The object has no {@code event_type}, so nobody can tell what event it is. */
public final class MissingEventTypeException extends EventFormatException {

    MissingEventTypeException() {
        super("missing 'event_type'");
    }
}
