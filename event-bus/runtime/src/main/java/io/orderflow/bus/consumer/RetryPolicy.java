package io.orderflow.bus.consumer;

import io.orderflow.bus.queue.PendingEntry;
import java.time.Duration;

/**
 * When a pending entry is delivered again. Attempts are the group's delivery counter, kept by
 * Redis, so they survive restarts (the consumer gives back a delivery that failed because Redis
 * refused the handler's writes or could not be reached): attempt n waits
 * {@code initial × multiplier^(n-1)} (capped) after delivery n before delivery n+1. An entry held
 * by another consumer is taken over only once it has also been silent for {@code claim-idle}: live
 * consumers keep the entries they are working on fresh, so a slow handler is never redelivered
 * while it runs.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
        Duration claimIdle) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("retry multiplier must be at least 1, was " + multiplier);
        }
    }

    /** The wait after the given (failed) attempt before the next one. */
    public Duration backoffAfter(long attempt) {
        double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }

    /** Whether another attempt is allowed after {@code attempt} deliveries. */
    public boolean mayRetryAfter(long attempt) {
        return attempt < maxAttempts;
    }

    /** Whether a pending entry (not being handled by this instance) is due for delivery now. */
    public boolean isDue(PendingEntry entry, boolean heldByThisConsumer) {
        Duration wait = backoffAfter(entry.deliveries());
        if (!heldByThisConsumer && claimIdle.compareTo(wait) > 0) {
            wait = claimIdle;
        }
        return entry.idle().compareTo(wait) >= 0;
    }
}
