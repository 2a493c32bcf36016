package io.orderflow.bus.consumer;

import io.orderflow.bus.handler.HandlerCatalog;
import io.orderflow.bus.handler.RejectedEventException;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.queue.Failure;
import io.orderflow.bus.queue.PendingEntry;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.bus.queue.RedisErrors;
import io.orderflow.bus.runtime.BusLoop;
import io.orderflow.bus.trail.TrailClock;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.eventmodel.json.EventFormatException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Consumes a service's queue: reads new entries in the queue's group under this instance's
 * consumer name, runs the handler of each event's type on a worker (up to {@code concurrency} at
 * once, so a slow or failing entry never holds up the ones behind it), and acknowledges what was
 * handled. Failed entries stay pending and are delivered again after their backoff; entries of
 * silent consumers are claimed after {@code claim-idle}.
 */
public class ServiceConsumer extends BusLoop {

    private static final Logger LOG = Logger.getLogger(ServiceConsumer.class);

    /** Options of one consumer, from configuration. */
    public record Settings(String service, String consumer, int batchSize, int concurrency, Duration block,
            Duration shutdownTimeout, Duration dedupRetention, RetryPolicy retry, Duration reconnectBackoff,
            Duration reconnectMaxBackoff, boolean trail) {
    }

    private final Queues queues;
    private final HandlerCatalog catalog;
    private final BusMetrics metrics;
    private final Settings settings;
    private final Clock clock;
    private final String queue;
    private final Semaphore permits;
    private final HandledAcknowledgements acknowledgements;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final Duration scanInterval;
    private final Duration heartbeatInterval;
    private Instant nextScan = Instant.EPOCH;
    private ScheduledExecutorService heartbeat;

    public ServiceConsumer(Queues queues, HandlerCatalog catalog, BusMetrics metrics, Settings settings, Clock clock) {
        super("orderflow-bus-consumer", settings.reconnectBackoff(), settings.reconnectMaxBackoff());
        this.queues = queues;
        this.catalog = catalog;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.queue = queues.keys().serviceQueue(settings.service()).name();
        this.permits = new Semaphore(settings.concurrency());
        this.acknowledgements = new HandledAcknowledgements(queues, queues.keys().queue(queue),
                Math.max(1, settings.dedupRetention().toSeconds()));
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("orderflow-bus-handler-", 0).factory());
        Duration initial = settings.retry().initialBackoff();
        this.scanInterval = initial.compareTo(Duration.ofMillis(250)) < 0 ? initial : Duration.ofMillis(250);
        this.heartbeatInterval = settings.retry().claimIdle().dividedBy(3);
    }

    public String queue() {
        return queue;
    }

    /**
     * Starts reading, and the heartbeat that keeps the entries being handled fresh. The heartbeat
     * has its own thread: the read loop can wait a whole block time on Redis, or for a free worker
     * when every handler is busy, and a slow handler must not look dead meanwhile.
     */
    @Override
    public synchronized void start() {
        super.start();
        if (heartbeat == null) {
            heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("orderflow-bus-heartbeat").factory());
            long period = Math.max(50, heartbeatInterval.toMillis());
            heartbeat.scheduleAtFixedRate(this::keepInFlightFresh, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void keepInFlightFresh() {
        if (inFlight.isEmpty()) {
            return;
        }
        try {
            queues.touch(queue, settings.consumer(), List.copyOf(inFlight));
        } catch (RuntimeException e) {
            LOG.debugf("heartbeat of %d entries failed: %s", inFlight.size(), e);
        }
    }

    @Override
    protected void iterate() throws InterruptedException {
        Instant now = clock.instant();
        if (!now.isBefore(nextScan)) {
            redeliverDue();
            nextScan = clock.instant().plus(scanInterval);
        }
        int capacity = permits.availablePermits();
        if (capacity == 0) {
            // Every worker is busy: wait for one instead of reading entries nobody can take.
            permits.acquire();
            permits.release();
            return;
        }
        Duration untilScan = Duration.between(clock.instant(), nextScan);
        Duration block = untilScan.compareTo(settings.block()) < 0 ? untilScan : settings.block();
        // The dedup lookup goes out on the event loop the moment the entries arrive, and the
        // workers start from there too: an entry reaches its handler without waking this thread,
        // which only comes back to read again.
        queues.readAsync(queue, settings.consumer(), Math.min(settings.batchSize(), capacity), block)
                .chain(this::lookUpAsync)
                .invoke(this::dispatch)
                .await().indefinitely();
    }

    @Override
    protected void recover() {
        queues.createQueuePair(queue);
    }

    /** Delivers again the pending entries whose backoff, or whose silent consumer's claim-idle, is over. */
    int redeliverDue() {
        RetryPolicy retry = settings.retry();
        List<PendingEntry> due = new ArrayList<>();
        for (PendingEntry entry : queues.pending(queue, retry.initialBackoff(), 100)) {
            boolean mine = entry.consumer().equals(settings.consumer());
            if (!inFlight.contains(entry.id()) && retry.isDue(entry, mine) && due.size() < permits.availablePermits()) {
                due.add(entry);
            }
        }
        List<QueueMessage> claimed = queues.claim(queue, settings.consumer(), retry.initialBackoff(), due);
        dispatchAll(claimed);
        return claimed.size();
    }

    /**
     * What Redis said about the events of a batch: handled already, or not. One MGET of their
     * dedup markers for the whole batch, instead of a round trip per entry on every handler's
     * path. An event a batch holds twice is looked up again when its turn comes (not in the map).
     */
    private record Lookup(List<QueueMessage> messages, Map<QueueMessage, Boolean> handledBefore) {
    }

    private Uni<Lookup> lookUpAsync(List<QueueMessage> batch) {
        Map<QueueMessage, String> markers = new LinkedHashMap<>();
        Set<String> events = new HashSet<>();
        for (QueueMessage message : batch) {
            message.eventId().filter(events::add)
                    .ifPresent(eventId -> markers.put(message, queues.keys().handled(queue, eventId)));
        }
        if (markers.isEmpty()) {
            return Uni.createFrom().item(new Lookup(batch, Map.of()));
        }
        return queues.executeAsync("MGET", markers.values().toArray(String[]::new)).map(found -> {
            Map<QueueMessage, Boolean> handledBefore = new HashMap<>();
            int i = 0;
            for (QueueMessage message : markers.keySet()) {
                handledBefore.put(message, found.get(i++) != null);
            }
            return new Lookup(batch, handledBefore);
        });
    }

    /** Looks up the markers of entries this thread already has (claimed ones), then dispatches them. */
    private void dispatchAll(List<QueueMessage> batch) {
        if (!batch.isEmpty()) {
            dispatch(lookUpAsync(batch).await().indefinitely());
        }
    }

    /**
     * Hands each entry to its handler, with what the lookup found about its event. Never waits,
     * so it may run on the event loop: a handler that returns a Uni is started right here (its
     * Redis calls chain on the event loop, no thread hand-off), every other entry goes to a
     * worker. A read or claim asks for no more entries than there are free permits, and only this
     * consumer's loop takes permits, so one is always free. Should none be, the entry stays
     * pending and is delivered again after its backoff.
     */
    private void dispatch(Lookup lookup) {
        for (QueueMessage message : lookup.messages()) {
            if (!permits.tryAcquire()) {
                LOG.debugf("no free worker for %s; it stays pending", message);
                continue;
            }
            inFlight.add(message.id());
            Boolean handledBefore = lookup.handledBefore().get(message);
            Delivery straight = handledBefore == null ? null : admit(message, handledBefore, false);
            if (straight != null && straight.handler().returnsUni()) {
                handleAsync(straight);
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        if (straight != null) {
                            handle(straight);
                        } else {
                            handle(message, handledBefore);
                        }
                    } catch (RuntimeException e) {
                        // Redis unreachable while settling: the entry stays pending and comes back.
                        notSettled(message, e);
                    } finally {
                        finished(message);
                    }
                });
            } catch (RuntimeException rejected) {
                finished(message);
            }
        }
    }

    private void finished(QueueMessage message) {
        inFlight.remove(message.id());
        permits.release();
    }

    /** An entry on its way to its handler: nothing about it needed settling first. */
    private record Delivery(QueueMessage message, Event event, HandlerCatalog.Handler handler) {

        String type() {
            return event.eventType();
        }
    }

    /**
     * Handles one entry and settles it: acknowledged, left for a retry, or dead-lettered.
     * {@code handledBefore} is what the batch's lookup found; null: not looked up yet.
     */
    void handle(QueueMessage message, Boolean handledBefore) {
        boolean duplicate = handledBefore != null ? handledBefore
                : message.eventId().filter(id -> queues.redis().execute("EXISTS", queues.keys().handled(queue, id)).toLong() > 0)
                        .isPresent();
        Delivery delivery = admit(message, duplicate, true);
        if (delivery != null) {
            handle(delivery);
        }
    }

    /** Runs the handler on this thread and waits for it, then settles the entry. */
    private void handle(Delivery delivery) {
        long started = System.nanoTime();
        try {
            delivery.handler().handle(delivery.event());
        } catch (Exception | LinkageError | AssertionError e) {
            failed(delivery, e, started);
            return;
        }
        long handlingMicros = handled(delivery, started);
        acknowledgements.acknowledge(handledEntry(delivery, handlingMicros)).await().indefinitely();
        metrics.delivered(delivery.type(), queue);
    }

    /**
     * Runs a handler that returns a Uni without a thread of its own: started on the calling
     * thread, acknowledged when its Uni completes; a failure is settled on a worker (dead-lettering
     * waits for Redis).
     */
    private void handleAsync(Delivery delivery) {
        QueueMessage message = delivery.message();
        long started = System.nanoTime();
        delivery.handler().handleAsync(delivery.event())
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure != null) {
                        return Uni.createFrom().<Void>item(() -> {
                            failed(delivery, failure, started);
                            return null;
                        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                    }
                    long handlingMicros = handled(delivery, started);
                    return acknowledgements.acknowledge(handledEntry(delivery, handlingMicros))
                            .invoke(() -> metrics.delivered(delivery.type(), queue))
                            .replaceWithVoid();
                })
                .subscribe().with(
                        ignored -> finished(message),
                        e -> {
                            // Redis unreachable while settling: the entry stays pending and comes back.
                            // Giving the delivery back waits for Redis: not on the event loop.
                            Infrastructure.getDefaultWorkerPool().execute(() -> notSettled(message, e));
                            finished(message);
                        });
    }

    /**
     * Whether the entry goes to its handler: a live, readable, valid event, not handled before,
     * delivered no more often than allowed, of a type this service handles. When it does not,
     * {@code settle} says whether to settle it here (remove, acknowledge or dead-letter it, which
     * waits for Redis) or leave that to a call that may wait.
     */
    private Delivery admit(QueueMessage message, boolean duplicate, boolean settle) {
        if (message.isExpiredAt(clock.instant())) {
            if (settle) {
                // Its TTL ran out: never delivered, removed from the queue.
                queues.delete(queue, message.id());
            }
            return null;
        }
        if (!message.isReadable()) {
            if (settle) {
                deadLetter(message, "unknown", Failure.of("Unreadable entry: " + message.defect().orElse("?")));
            }
            return null;
        }
        Event event;
        try {
            event = message.event();
        } catch (EventFormatException e) {
            if (settle) {
                deadLetter(message, eventTypeOf(message), Failure.of("Undeliverable event: " + e.getMessage()));
            }
            return null;
        }
        String type = event.eventType();
        if (message.deliveryCount() > settings.retry().maxAttempts()) {
            if (settle) {
                // Delivered more often than allowed without an outcome: the handler crashed the
                // process or hung each time. Do not run it again.
                deadLetter(message, type, new Failure("Handling never completed in " + (message.deliveryCount() - 1)
                        + " deliveries", (int) message.deliveryCount() - 1, null, settings.consumer()));
            }
            return null;
        }
        if (duplicate) {
            if (settle) {
                queues.ack(queue, message.id());
                metrics.duplicate(type, queue);
            }
            return null;
        }
        Optional<HandlerCatalog.Handler> handler = catalog.handlerFor(type);
        if (handler.isEmpty()) {
            if (settle) {
                deadLetter(message, type, Failure.of("No handler for " + type + " in " + settings.service()));
            }
            return null;
        }
        return new Delivery(message, event, handler.get());
    }

    /** Records a successful handling; returns how long it took, in µs. */
    private long handled(Delivery delivery, long started) {
        long handlingMicros = (System.nanoTime() - started) / 1_000;
        metrics.handled(delivery.type(), queue, Duration.ofNanos(handlingMicros * 1_000));
        return handlingMicros;
    }

    private HandledAcknowledgements.Handled handledEntry(Delivery delivery, long handlingMicros) {
        String handledKey = queues.keys().handled(queue, delivery.event().eventId());
        // Without a trail the key is one that never exists, so the script skips the note.
        String trailKey = settings.trail() ? queues.keys().trail(delivery.event().eventId()) : handledKey + ":no-trail";
        return new HandledAcknowledgements.Handled(handledKey, trailKey, delivery.message().id(),
                TrailClock.micros(clock.instant()), handlingMicros);
    }

    /** A handler threw or its Uni failed: rejected (dead-lettered at once), or retried, or dead-lettered. */
    private void failed(Delivery delivery, Throwable error, long started) {
        QueueMessage message = delivery.message();
        String type = delivery.type();
        metrics.handled(type, queue, Duration.ofNanos(System.nanoTime() - started));
        Throwable cause = unwrapped(error);
        if (cause instanceof RejectedEventException) {
            deadLetter(message, type, new Failure("Rejected: " + cause.getMessage(), (int) message.deliveryCount(),
                    cause.getClass().getName(), settings.consumer()));
            return;
        }
        if (RedisErrors.isRefusedOrUnreachable(error)) {
            // Redis refused the handler's writes (full, loading, busy) or could not be reached: the
            // event is not at fault, so this delivery is not one of its attempts. Otherwise a full
            // Redis would dead-letter every event it held up within a few backoffs.
            metrics.retried(type, queue);
            LOG.debugf("handler could not reach or write to Redis on %s, retrying without counting the attempt: %s",
                    message, error);
            giveBackDelivery(message);
            return;
        }
        long attempt = message.deliveryCount();
        if (settings.retry().mayRetryAfter(attempt)) {
            metrics.retried(type, queue);
            LOG.debugf("handler failed on %s (attempt %d of %d), retrying in %s: %s", message, attempt,
                    settings.retry().maxAttempts(), settings.retry().backoffAfter(attempt), error);
            return;
        }
        deadLetter(message, type, new Failure("Handling error: " + cause, (int) attempt, cause.getClass().getName(),
                settings.consumer()));
    }

    /**
     * Takes back the delivery that just failed through no fault of the event (see {@link #failed}),
     * best effort: if Redis cannot even do that, the delivery counts, as it always did.
     */
    private void giveBackDelivery(QueueMessage message) {
        try {
            queues.giveBackDeliveries(queue, settings.consumer(), List.of(message));
        } catch (RuntimeException e) {
            LOG.debugf("could not give back the delivery of %s: %s", message, e);
        }
    }

    /** An entry could not be settled (acknowledged, dead-lettered): it stays pending; Redis's trouble does not cost it an attempt. */
    private void notSettled(QueueMessage message, Throwable error) {
        LOG.warnf("could not settle %s: %s", message, error);
        if (RedisErrors.isRefusedOrUnreachable(error)) {
            giveBackDelivery(message);
        }
    }

    /** What actually went wrong: the blocking Redis client wraps every failure in a CompletionException. */
    private static Throwable unwrapped(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void deadLetter(QueueMessage message, String type, Failure failure) {
        if (queues.moveToDlq(message, failure, settings.consumer()).isPresent()) {
            metrics.deadLettered(type, queue);
            LOG.warnf("dead-lettered %s: %s", message, failure.reason());
        }
    }

    private static String eventTypeOf(QueueMessage message) {
        var type = message.data().get("event_type");
        return type != null && type.isTextual() ? type.textValue() : "unknown";
    }

    /** Stops reading, then waits for running handlers up to the shutdown timeout. */
    public void shutdown() {
        stop(settings.block().plusSeconds(1));
        workers.shutdown();
        try {
            // Every running handler holds a permit, on a worker or started from the event loop.
            if (permits.tryAcquire(settings.concurrency(), settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                permits.release(settings.concurrency());
            } else {
                LOG.warnf("%d handlers still running after %s; their entries will be redelivered", inFlight.size(),
                        settings.shutdownTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (heartbeat != null) {
                heartbeat.shutdownNow();
            }
        }
    }

    /** Entries this instance is handling right now. */
    public int inFlight() {
        return inFlight.size();
    }
}
