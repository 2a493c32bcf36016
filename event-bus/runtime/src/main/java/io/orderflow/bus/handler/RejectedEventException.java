package io.orderflow.bus.handler;

/**
 * Thrown by a handler that will never be able to handle this event (for example an event about
 * an order that does not exist): the event is dead-lettered at once with this message as the
 * reason, without retries.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }
}
