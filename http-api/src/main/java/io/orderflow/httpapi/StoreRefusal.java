package io.orderflow.httpapi;

import io.orderflow.bus.queue.RedisErrors;
import java.util.Optional;

/**
 * What to tell a client when Redis refused a command for a while ({@link RedisErrors#refusal}):
 * out of memory under {@code maxmemory} (it refuses every write), loading its data after a
 * restart, busy with a script, or a replica or a server that cannot persist and so refuses
 * writes. Refused means not applied: the client may try again later.
 */
final class StoreRefusal {

    /** Why the store refused, in words for the client, and when to try again. */
    record Refusal(String reason, int retryAfterSeconds) {
    }

    private StoreRefusal() {
    }

    static Optional<Refusal> in(Throwable failure) {
        return RedisErrors.refusal(failure).map(StoreRefusal::refusal);
    }

    private static Refusal refusal(String code) {
        return switch (code) {
            // Full stays full until someone frees memory or raises the limit: no point in retrying at once.
            case "OOM" -> new Refusal("the data store is out of memory and refuses writes", 30);
            case "MISCONF" -> new Refusal("the data store cannot persist its data and refuses writes", 30);
            case "LOADING" -> new Refusal("the data store is loading its data after a restart", 1);
            case "BUSY" -> new Refusal("the data store is busy running a script", 1);
            default -> new Refusal("the data store does not accept writes right now (" + code + ")", 1);
        };
    }
}
