package io.orderflow.bus.publish;

import io.orderflow.eventmodel.domain.Event;
import io.quarkus.redis.datasource.transactions.TransactionalRedisDataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis transaction (MULTI ... EXEC) in which a service stages its state changes through
 * {@link #redis()} and the events they cause through {@link #publish(Event)}. Either all of it is
 * applied, or none: a crash can never store without publishing, or publish without storing.
 */
public final class BusTransaction {

    private final TransactionalRedisDataSource redis;
    private final EventPublisher publisher;
    private final List<Event> staged = new ArrayList<>();

    BusTransaction(TransactionalRedisDataSource redis, EventPublisher publisher) {
        this.redis = redis;
        this.publisher = publisher;
    }

    /** Stage state changes here; they run inside the transaction. */
    public TransactionalRedisDataSource redis() {
        return redis;
    }

    /** Stages the event's append to the central stream (and its trail), in the same transaction. */
    public void publish(Event event) {
        redis.execute("XADD", publisher.centralStream(), "*", "data", publisher.entryData(event));
        publisher.stageTrail(redis, event);
        staged.add(event);
    }

    List<Event> staged() {
        return staged;
    }
}
