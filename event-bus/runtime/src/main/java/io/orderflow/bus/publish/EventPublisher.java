package io.orderflow.bus.publish;

import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.Envelope;
import io.orderflow.bus.queue.Queues;
import io.orderflow.bus.trail.TrailClock;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.json.EventCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.transactions.OptimisticLockingTransactionResult;
import io.quarkus.redis.datasource.transactions.TransactionResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Publishes events to the central stream ({@code events:all}), from where the distributor fans
 * them out to every subscribed service. With {@code distributor.route-on-publish}, a publication
 * routes its events in its own transaction ({@link PublishRouting}). Inject it; it is thread-safe.
 */
public class EventPublisher {

    private static final int MAX_OPTIMISTIC_ATTEMPTS = 20;

    private final Queues queues;
    private final BusMetrics metrics;
    private final Clock clock;
    private final Duration trailRetention;
    private final Duration replyTimeout;
    private final PublishRouting routing;
    private final Vertx vertx;

    /**
     * With a {@code trailRetention}, every publication also starts the event's trail, kept that
     * long. A transaction waits {@code replyTimeout} for Redis's replies, as long as the blocking
     * data source waits for any ({@code quarkus.redis.timeout}). With a {@code routing}, every
     * transaction that publishes ends with it; without one (null), the distributor routes.
     */
    public EventPublisher(Queues queues, BusMetrics metrics, Clock clock, Duration trailRetention, Duration replyTimeout,
            PublishRouting routing, Vertx vertx) {
        this.queues = queues;
        this.metrics = metrics;
        this.clock = clock;
        this.trailRetention = trailRetention;
        this.replyTimeout = replyTimeout;
        this.routing = routing;
        this.vertx = vertx;
    }

    /** Makes Redis ready for routing on publish, if this publisher routes; the bus calls it with every registration. */
    public void prepare() {
        if (routing != null) {
            routing.prepare();
        }
    }

    /** Appends the event to the central stream; returns its stream id. */
    public String publish(Event event) {
        if (trailRetention == null && routing == null) {
            String id = queues.send(BusKeys.CENTRAL_QUEUE, EventCodec.INSTANCE.toTree(event));
            metrics.published(event.eventType());
            return id;
        }
        // The XADD is the transaction's first command, so its reply is the first result.
        Object id = inTransaction(tx -> tx.publish(event)).get(0);
        return String.valueOf(id);
    }

    /**
     * Runs {@code work} in one Redis transaction: the state changes it stages and the events it
     * publishes are applied together or not at all. Returns the transaction's result: one reply
     * per staged command, in order.
     */
    public TransactionResult inTransaction(Consumer<BusTransaction> work) {
        // Settled on this thread: what the routing leaves to the Java path is done before this returns.
        return send(staged(work));
    }

    /**
     * {@link #inTransaction(Consumer)} for callers on an event loop (a reactive REST endpoint):
     * {@code work} runs at once on the caller's thread; the result arrives when Redis answered,
     * without a thread waiting for it. Fails after {@code quarkus.redis.timeout} without an answer.
     */
    public Uni<TransactionResult> inTransactionAsync(Consumer<BusTransaction> work) {
        return sendAsync(staged(work));
    }

    /** A transaction ready to send, and what its EXEC reply means to the caller. */
    private interface Prepared<T> {

        BusTransaction transaction();

        T applied(Response exec);
    }

    /** Sends the transaction in one round trip and waits for its reply. */
    private <T> T send(Prepared<T> prepared) {
        return prepared.applied(TransactionPipeline.onPool(redis(), prepared.transaction().commands(), replyTimeout));
    }

    /** Sends the transaction in one round trip; the result arrives with Redis's reply. */
    private <T> Uni<T> sendAsync(Prepared<T> prepared) {
        return TransactionPipeline.pipelinedAsync(queues.pipelined(), prepared.transaction().commands())
                .map(prepared::applied);
    }

    /** A transaction ready to send, and whether it ends with the routing step. */
    private record Staged(EventPublisher publisher, BusTransaction transaction, boolean routed)
            implements Prepared<TransactionResult> {

        @Override
        public TransactionResult applied(Response exec) {
            TransactionOutcome<Void> result = publisher.settled(exec, null, routed);
            publisher.countIfApplied(!result.discarded(), transaction.staged());
            return result;
        }
    }

    private Staged staged(Consumer<BusTransaction> work) {
        BusTransaction transaction = new BusTransaction(this);
        work.accept(transaction);
        return new Staged(this, transaction, endWithRouting(transaction, transaction.staged()));
    }

    /**
     * Check-then-act, atomically: {@code read} runs first while {@code watchedKeys} are watched;
     * {@code write} stages state changes and events from what was read. If a watched key changed
     * in between (another replica got there first), nothing is applied and the result says
     * {@code discarded()}: read again and decide again.
     */
    public <I> OptimisticLockingTransactionResult<I> inTransaction(Function<RedisDataSource, I> read,
            BiConsumer<I, BusTransaction> write, String... watchedKeys) {
        try (WatchedConnection connection = WatchedConnection.open(vertx, redis(), replyTimeout, watchedKeys)) {
            I input = read.apply(connection.dataSource());
            BusTransaction transaction = new BusTransaction(this);
            write.accept(input, transaction);
            boolean routed = endWithRouting(transaction, transaction.staged());
            TransactionOutcome<I> outcome = settled(connection.exec(transaction.commands()), input, routed);
            countIfApplied(!outcome.discarded(), transaction.staged());
            return outcome;
        }
    }

    /** Appends the routing step to {@code transaction} when it publishes {@code events}; returns whether it did. */
    private boolean endWithRouting(BusTransaction transaction, List<Event> events) {
        if (routing == null || events.isEmpty()) {
            return false;
        }
        transaction.stage(routing.command(events.size()));
        return true;
    }

    /** The outcome the caller sees: the routing step's reply, if there is one, goes to the routing alone. */
    private <I> TransactionOutcome<I> settled(Response exec, I input, boolean routed) {
        TransactionOutcome<I> outcome = TransactionOutcome.of(exec, input, routed ? 1 : 0);
        if (routed && !outcome.discarded()) {
            routing.settle(exec.get(exec.size() - 1));
        }
        return outcome;
    }

    /**
     * Create-once in one round trip: the state changes and events {@code work} stages are applied
     * only if {@code guardKey} does not exist, which Redis checks in the same atomic step. The work
     * must create {@code guardKey} (the business key of what it records). Returns whether it was
     * applied; false: another delivery or replica created it first, and nothing was applied.
     * Where the decision needs more than the key's absence, use
     * {@link #inTransactionUntilApplied(Function, BiConsumer, String...)}.
     * <p>
     * One difference from MULTI/EXEC: a staged command Redis refuses (a wrong number of
     * arguments) fails the call but does not undo the commands staged before it, as a command
     * failing at run time inside MULTI does not. Staged commands come from code, not input: a
     * test of that code finds such a mistake.
     */
    public boolean inTransactionIfAbsent(String guardKey, Consumer<BusTransaction> work) {
        return send(guarded(guardKey, work));
    }

    /**
     * {@link #inTransactionIfAbsent(String, Consumer)} without a waiting thread, for a handler or
     * endpoint on an event loop: {@code work} runs at once on the caller's thread, the answer
     * arrives when Redis replied. Fails after {@code quarkus.redis.timeout} without an answer.
     */
    public Uni<Boolean> inTransactionIfAbsentAsync(String guardKey, Consumer<BusTransaction> work) {
        return sendAsync(guarded(guardKey, work));
    }

    /** The staged work wrapped in its guard script, ready to send, and whether it ends with the routing step. */
    private record Guarded(EventPublisher publisher, String guardKey, BusTransaction work, BusTransaction transaction,
            boolean routed) implements Prepared<Boolean> {

        @Override
        public Boolean applied(Response exec) {
            TransactionOutcome<Void> outcome = publisher.settled(exec, null, routed);
            Response reply = outcome.get(0);
            if (reply.type() == ResponseType.ERROR) {
                throw new IllegalStateException("the transaction guarded by " + guardKey + " failed: " + reply);
            }
            boolean applied = reply.toLong() == 1;
            publisher.countIfApplied(applied, work.staged());
            return applied;
        }
    }

    private Guarded guarded(String guardKey, Consumer<BusTransaction> work) {
        BusTransaction staged = new BusTransaction(this);
        work.accept(staged);
        BusTransaction guarded = new BusTransaction(this);
        guarded.stage(IfAbsentScript.command(guardKey, staged.commands()));
        return new Guarded(this, guardKey, staged, guarded, endWithRouting(guarded, staged.staged()));
    }

    /**
     * {@link #inTransaction(Function, BiConsumer, String...)} again until it is applied, reading
     * afresh each time; returns what {@code read} saw in the attempt that was applied. For
     * "record once under a business key": {@code read} finds an existing record, {@code write}
     * stages one only when there is none.
     */
    public <I> I inTransactionUntilApplied(Function<RedisDataSource, I> read, BiConsumer<I, BusTransaction> write,
            String... watchedKeys) {
        for (int attempt = 0; attempt < MAX_OPTIMISTIC_ATTEMPTS; attempt++) {
            OptimisticLockingTransactionResult<I> result = inTransaction(read, write, watchedKeys);
            if (!result.discarded()) {
                return result.getPreTransactionResult();
            }
        }
        throw new IllegalStateException(String.join(", ", watchedKeys) + " kept changing during "
                + MAX_OPTIMISTIC_ATTEMPTS + " attempts to write it");
    }

    String centralStream() {
        return queues.keys().central().stream();
    }

    String entryData(Event event) {
        return EventCodec.INSTANCE.write(Envelope.withMetadata(EventCodec.INSTANCE.toTree(event), null, clock.instant(), null));
    }

    /** Starts the event's trail: its publication time and JSON, indexed under its order. */
    void stageTrail(BusTransaction tx, Event event) {
        if (trailRetention == null) {
            return;
        }
        BusKeys keys = queues.keys();
        String trail = keys.trail(event.eventId());
        String orderTrail = keys.orderTrail(event.orderId());
        long now = TrailClock.micros(clock.instant());
        tx.execute("HSET", trail, "event_type", event.eventType(), "order_id", event.orderId(),
                "published_us", String.valueOf(now), "data", EventCodec.INSTANCE.encode(event));
        tx.execute("EXPIRE", trail, String.valueOf(trailRetention.toSeconds()));
        tx.execute("ZADD", orderTrail, String.valueOf(now), event.eventId());
        tx.execute("EXPIRE", orderTrail, String.valueOf(trailRetention.toSeconds()));
    }

    private RedisDataSource redis() {
        return queues.redis();
    }

    private void countIfApplied(boolean applied, List<Event> staged) {
        if (applied) {
            staged.forEach(e -> metrics.published(e.eventType()));
        }
    }
}
