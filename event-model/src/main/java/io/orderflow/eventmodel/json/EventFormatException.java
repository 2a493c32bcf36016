package io.orderflow.eventmodel.json;

/**
 * An event's JSON cannot be turned into an event. Each subclass names one kind of defect, so a
 * caller (the bus dead-lettering an entry, a REST resource answering 400) can tell them apart;
 * the message always says what is wrong, in terms of the JSON.
 */
public abstract sealed class EventFormatException extends RuntimeException
        permits NotJsonException, MissingEventTypeException, UnknownEventTypeException,
                MissingFieldException, InvalidFieldException {

    EventFormatException(String message) {
        super(message);
    }

    EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
