package io.orderflow.eventmodel.json;

/** The text is not JSON, or is JSON but not an object. */
public final class NotJsonException extends EventFormatException {

    NotJsonException(String message, Throwable cause) {
        super(message, cause);
    }

    NotJsonException(String message) {
        super(message);
    }
}
