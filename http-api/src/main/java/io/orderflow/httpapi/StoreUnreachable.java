package io.orderflow.httpapi;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means the data store (Redis) could not be reached or did not answer, rather
 * than a bug: then the request did not happen or its outcome is unknown, and the client should
 * try again later (with the same Idempotency-Key where it has one).
 */
final class StoreUnreachable {

    private static final int MAX_DEPTH = 10;

    private StoreUnreachable() {
    }

    static boolean isCauseOf(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            // ConnectException (refused, and netty's annotated and timeout variants) is a SocketException.
            // Mutiny's TimeoutException (a blocking call's wait ran out: Redis hangs) is not the JDK's.
            if (cause instanceof SocketException || cause instanceof ClosedChannelException || cause instanceof TimeoutException
                    || cause instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
