package io.orderflow.bus.queue;

/**
 * Why an entry is dead-lettered: the reason text, and when a handler failed, after how many
 * attempts, with which exception, on which consumer. Recorded in the entry's {@code _failures}.
 */
public record Failure(String reason, int attempts, String exceptionClass, String consumer) {

    public static Failure of(String reason) {
        return new Failure(reason, 0, null, null);
    }
}
