package io.orderflow.eventmodel.domain;

/** A field of an event breaks a value rule (blank id, negative amount, quantity of zero...). */
public final class InvalidEventException extends IllegalArgumentException {

    private final String field;

    public InvalidEventException(String field, String problem) {
        super("'" + field + "' " + problem);
        this.field = field;
    }

    /** The wire name of the offending field, e.g. {@code items[1].quantity}. */
    public String field() {
        return field;
    }
}
