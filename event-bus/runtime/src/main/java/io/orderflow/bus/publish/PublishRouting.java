package io.orderflow.bus.publish;

import io.vertx.mutiny.redis.client.Response;

/**
 * The last command of a publishing transaction: it routes the central stream's new entries in the
 * same atomic step that appended them, so an event reaches its subscribers' queues without waking
 * a distributor and without another round trip. The distributor provides it.
 */
public interface PublishRouting {

    /** Makes Redis ready for {@link #command}, e.g. loads a script: at startup and after Redis lost its state. */
    void prepare();

    /** The command that routes up to {@code events} new entries of the central stream. */
    String[] command(int events);

    /**
     * Takes the command's reply, once the transaction was applied. It must not throw: the events
     * are published whatever happened to their routing (what it did not route, a distributor will).
     * It may be called on an event loop (a reactive publisher), where it must not block.
     */
    void settle(Response reply);
}
