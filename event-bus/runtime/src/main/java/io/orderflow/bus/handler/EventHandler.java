package io.orderflow.bus.handler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles one event type: its single parameter is the event
 * ({@code OrderCreatedEvent}, {@code PaymentProcessedEvent} or {@code OrderShippedEvent}).
 * The service subscribes to that type at startup, and the bus calls the method for every such
 * event in the service's queue.
 *
 * <p>Delivery is at least once and handled events are remembered by id, so a redelivered event
 * is not handled twice within the dedup retention; handlers still keep their business keys
 * (one payment per order) because the state change and the "handled" mark are two steps.
 * A handler that throws is retried with backoff, then dead-lettered; one that throws
 * {@link RejectedEventException} is dead-lettered at once. The class needs no scope annotation
 * (it becomes a {@code @Singleton}).
 *
 * <p>The method returns {@code void} and runs on a worker (a virtual thread), or returns a
 * {@code Uni}: then it is called on the event loop that delivered the event and must not block;
 * the event is handled when the Uni completes, and a failed Uni counts as a throw (a
 * {@link RejectedEventException} failure rejects). Chaining its Redis calls on a Uni saves the
 * hand-off between a worker and the event loop at each call. Any other result fails the build.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EventHandler {
}
