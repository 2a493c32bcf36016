package io.orderflow.httpapi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a failure is Redis refusing a command for a while, rather than a bug: out of memory
 * under {@code maxmemory} (it refuses every write), loading its data after a restart, busy with a
 * script, or a replica or a server that cannot persist and so refuses writes. Redis answers these
 * with an error code that opens its reply; a transaction's or batch's failure lists the replies
 * of its commands, so the code is looked for at the start of each of them. Refused means not
 * applied: the client may try again later.
 */
final class StoreRefusal {

    /** Why the store refused, in words for the client, and when to try again. */
    record Refusal(String reason, int retryAfterSeconds) {
    }

    private static final int MAX_DEPTH = 10;

    /**
     * A Redis error code at the start of the message or of one of its numbered replies
     * ({@code "ERR [2] OOM ..."}). The bus's RedisErrors knows the same codes, to retry without
     * counting an attempt.
     */
    private static final Pattern CODE = Pattern.compile("(?:^|\\] )(OOM|LOADING|BUSY|MASTERDOWN|READONLY|MISCONF|TRYAGAIN|NOREPLICAS) ");

    private StoreRefusal() {
    }

    static Optional<Refusal> in(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            Matcher code = CODE.matcher(String.valueOf(cause.getMessage()));
            if (code.find()) {
                return Optional.of(refusal(code.group(1)));
            }
        }
        return Optional.empty();
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
