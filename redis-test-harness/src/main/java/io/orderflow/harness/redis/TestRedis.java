package io.orderflow.harness.redis;

/**
 * A real Redis server for a test, from wherever one can be had (see {@link TestRedisSource}).
 * Close it when the test is done; a server the harness did not start is left running.
 */
public interface TestRedis extends AutoCloseable {

    String host();

    int port();

    /** The URI in the form Quarkus and most clients take: {@code redis://host:port}. */
    default String uri() {
        return "redis://" + host() + ":" + port();
    }

    /** Where this server came from, for test logs. */
    String description();

    /** Whether {@link #stop()} and {@link #start()} may be used to simulate an outage. */
    default boolean canRestart() {
        return false;
    }

    /** Stops the server, keeping its address so that {@link #start()} brings it back there. */
    default void stop() {
        throw new UnsupportedOperationException(description() + " cannot be stopped by a test");
    }

    /** Starts a stopped server again on the same address. */
    default void start() {
        throw new UnsupportedOperationException(description() + " cannot be restarted by a test");
    }

    @Override
    void close();
}
