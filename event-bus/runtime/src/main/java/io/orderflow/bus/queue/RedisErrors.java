package io.orderflow.bus.queue;

/** Recognises the Redis errors the bus recovers from. */
public final class RedisErrors {

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
}
