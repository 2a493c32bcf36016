package io.orderflow.bus.queue;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises the Redis errors the bus recovers from. */
public final class RedisErrors {

    private static final int MAX_DEPTH = 10;

    /**
     * Redis's codes for refusing a command for a while (out of memory under {@code maxmemory},
     * loading, busy with a script, a replica, unable to persist), at the start of a reply or of
     * one of the numbered replies a failed transaction or batch lists ({@code "ERR [2] OOM ..."}).
     */
    private static final Pattern REFUSAL = Pattern.compile("(?:^|\\] )(OOM|LOADING|BUSY|MASTERDOWN|READONLY|MISCONF|TRYAGAIN|NOREPLICAS) ");

    private RedisErrors() {
    }

    /** The stream or its group is gone: deleted, flushed, or a restarted Redis without persistence. */
    public static boolean isNoGroup(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("NOGROUP")) {
                return true;
            }
        }
        return false;
    }

    /** The server has no such command: for a module's command, the module is not loaded. */
    public static boolean isUnknownCommand(Throwable error) {
        return anyCause(error, t -> String.valueOf(t.getMessage()).startsWith("ERR unknown command"));
    }

    /**
     * Redis refused the command for now, or could not be reached or did not answer in time: the
     * trouble is the store's, not the caller's data or code, and the same call may succeed later.
     */
    public static boolean isRefusedOrUnreachable(Throwable error) {
        return refusal(error).isPresent() || isUnreachable(error);
    }

    /** The code with which Redis refused the command for now ({@code OOM}, {@code LOADING}, {@code BUSY}, ...), if it did. */
    public static Optional<String> refusal(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            Matcher code = REFUSAL.matcher(String.valueOf(t.getMessage()));
            if (code.find()) {
                return Optional.of(code.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * Redis could not be reached (a refused, reset or closed connection) or did not answer within
     * the client's timeout: the call did not happen, or its outcome is unknown.
     */
    public static boolean isUnreachable(Throwable error) {
        // ConnectException (refused, and netty's annotated and timeout variants) is a SocketException.
        // Mutiny's TimeoutException (a blocking call's wait ran out: Redis hangs) is not the JDK's.
        return anyCause(error, t -> t instanceof SocketException || t instanceof ClosedChannelException
                || t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException);
    }

    /** Whether the error or one of its first {@value #MAX_DEPTH} causes passes the test. */
    private static boolean anyCause(Throwable error, Predicate<Throwable> test) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }
}
