package io.orderflow.bus.distributor;

import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.Envelope;
import io.orderflow.bus.queue.Failure;
import io.orderflow.bus.queue.PendingEntry;
import io.orderflow.bus.queue.QueueKeys;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.bus.queue.RedisErrors;
import io.orderflow.bus.runtime.BusLoop;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.eventmodel.json.EventFormatException;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Reads the central stream in group {@code all-group} and fans every event out to the queues
 * subscribed to its type, a batch per atomic step. A backlog is read and routed inside Redis
 * ({@link NewEntryRouter}: by Orderflow's Redis module where it is loaded, by a Lua script
 * otherwise); the few entries it leaves, entries claimed after {@code claim-idle}
 * from a dead instance, and the entry that wakes a drained instance go through the checked Java
 * path ({@link DistributeScript}). Once drained, every instance waits with a blocking read in the
 * group, so each new entry wakes one of them, however many run. Entries that
 * cannot be read or name an unknown type are dead-lettered to {@code events:all:dlq} with the
 * reason, never left pending.
 */
public class Distributor extends BusLoop {

    private static final Logger LOG = Logger.getLogger(Distributor.class);

    private final Queues queues;
    private final NewEntryRouter router;
    private final BusMetrics metrics;
    private final String consumer;
    private final int batchSize;
    private final Duration block;
    private final Duration claimIdle;
    private final int maxAttempts;
    private final Clock clock;
    private final boolean trail;
    private Instant nextClaim = Instant.EPOCH;
    /** Whether the last read found the stream drained: then the next one waits in the group. */
    private boolean caughtUp;

    public Distributor(Queues queues, BusMetrics metrics, String consumer, int batchSize, Duration block,
            Duration claimIdle, int maxAttempts, Duration reconnectBackoff, Duration reconnectMaxBackoff, Clock clock,
            boolean trail, boolean redisModule) {
        super("orderflow-bus-distributor", reconnectBackoff, reconnectMaxBackoff);
        this.queues = queues;
        this.router = new NewEntryRouter(queues, redisModule, clock);
        this.metrics = metrics;
        this.consumer = consumer;
        this.batchSize = batchSize;
        this.block = block;
        this.claimIdle = claimIdle;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.trail = trail;
    }

    @Override
    protected void iterate() {
        if (!clock.instant().isBefore(nextClaim)) {
            distributeClaimed();
            nextClaim = clock.instant().plus(claimIdle.dividedBy(4));
        }
        if (caughtUp) {
            // Wait in the group itself, where a new entry wakes one instance only. The read takes
            // that one entry (the checked path distributes it); the script takes what follows.
            List<QueueMessage> arrived = queues.read(BusKeys.CENTRAL_QUEUE, consumer, 1, block);
            distribute(arrived);
            caughtUp = arrived.isEmpty();
        } else {
            caughtUp = routeBacklog();
        }
    }

    /**
     * Routes new entries batch after batch; once a full batch shows a backlog, with two batches in
     * flight, so that Redis has the next one queued while the JVM takes a reply and settles it
     * (each call is atomic and reads entries of its own, as two instances' calls would). Stops at
     * a short batch, at stop, or when claims are due, with nothing in flight; returns whether the
     * stream is drained.
     */
    private boolean routeBacklog() {
        Deque<CompletableFuture<RoutedBatch>> inFlight = new ArrayDeque<>(List.of(routeAsync()));
        boolean drained = false;
        while (!inFlight.isEmpty()) {
            // Should this fail, a batch still in flight is routed all the same; the few entries it
            // leaves stay pending for this consumer until claimed, as after a crash.
            RoutedBatch batch = inFlight.poll().join();
            drained |= batch.read() < batchSize;
            while (!drained && inFlight.size() < 2 && running() && clock.instant().isBefore(nextClaim)) {
                inFlight.add(routeAsync());
            }
            settle(batch);
        }
        return drained;
    }

    private CompletableFuture<RoutedBatch> routeAsync() {
        return router.routeAsync(consumer, batchSize, trail).subscribeAsCompletionStage();
    }

    @Override
    protected void recover() {
        queues.createQueuePair(BusKeys.CENTRAL_QUEUE);
    }

    /** Whether the last batch of new entries was routed by the Redis module; empty before the first. For tests and benchmarks. */
    public Optional<Boolean> routedByModule() {
        return router.lastUsedModule();
    }

    /** Reads and distributes one batch without blocking; returns how many entries it took. For tests and benchmarks. */
    public int distributeOnce() {
        return routeNew().read();
    }

    /** One batch of new entries: routed by the script, and what it left by the Java path. */
    private RoutedBatch routeNew() {
        return settle(router.route(consumer, batchSize, trail));
    }

    /** Counts what the script routed and sends what it left down the Java path; also for {@link RouteOnPublish}. */
    RoutedBatch settle(RoutedBatch batch) {
        for (RoutedBatch.TypeRoute route : batch.routes()) {
            if (route.queues().isEmpty()) {
                metrics.unrouted(route.eventType(), route.events());
            } else {
                route.queues().forEach(q -> metrics.distributed(route.eventType(), q, route.events()));
            }
        }
        distribute(queues.received(BusKeys.CENTRAL_QUEUE, batch.left()));
        return batch;
    }

    /** Claims entries idle on dead instances for longer than {@code claim-idle} and distributes them. */
    public int distributeClaimed() {
        List<PendingEntry> stale = queues.pending(BusKeys.CENTRAL_QUEUE, claimIdle, batchSize);
        List<QueueMessage> claimed = queues.claim(BusKeys.CENTRAL_QUEUE, consumer, claimIdle, stale);
        if (!claimed.isEmpty()) {
            LOG.infof("claimed %d entries of %s left pending by a silent distributor", claimed.size(),
                    queues.keys().central().stream());
        }
        distribute(claimed);
        return claimed.size();
    }

    private void distribute(List<QueueMessage> batch) {
        if (batch.isEmpty()) {
            return;
        }
        QueueKeys central = queues.keys().central();
        Instant now = clock.instant();
        List<String> args = new ArrayList<>(3 + batch.size() * 4);
        args.addAll(List.of(queues.keys().prefix(), central.group(), consumer));
        List<String> types = new ArrayList<>(batch.size());
        for (QueueMessage message : batch) {
            args.add(message.id());
            Event event = routable(message);
            if (event != null) {
                args.add(event.eventType());
                args.add(message.rawData());
                args.add(trail ? queues.keys().trail(event.eventId()) : "");
            } else {
                args.add("");
                args.add(deadLetterData(message, now));
                args.add("");
            }
            types.add(event == null ? null : event.eventType());
        }
        Response reply;
        try {
            reply = DistributeScript.SCRIPT.run(queues.redis(), List.of(central.stream(), central.dlq()), args);
        } catch (RuntimeException e) {
            if (RedisErrors.isRefusedOrUnreachable(e)) {
                // Redis refused the copies (full, loading, busy) or could not be reached: the
                // entries are not at fault, so these deliveries must not count towards
                // max-attempts, or a full Redis would dead-letter every entry it held up.
                giveBack(batch);
            }
            throw e;
        }
        record(batch, types, reply);
    }

    private void giveBack(List<QueueMessage> batch) {
        try {
            queues.giveBackDeliveries(BusKeys.CENTRAL_QUEUE, consumer, batch);
        } catch (RuntimeException e) {
            LOG.debugf("could not give back the deliveries of %d entries: %s", batch.size(), e);
        }
    }

    /** The event to route, or null when the entry must be dead-lettered. */
    private Event routable(QueueMessage message) {
        if (!message.isReadable() || message.deliveryCount() > maxAttempts) {
            return null;
        }
        try {
            return message.event();
        } catch (EventFormatException e) {
            return null;
        }
    }

    private String deadLetterData(QueueMessage message, Instant now) {
        String reason;
        if (!message.isReadable()) {
            reason = "Unreadable entry: " + message.defect().orElse("?");
        } else if (message.deliveryCount() > maxAttempts) {
            reason = "Distribution failed " + (message.deliveryCount() - 1) + " times";
        } else {
            reason = "Undeliverable event: " + formatProblem(message);
        }
        var data = message.isReadable() ? message.data() : Envelope.quarantine(message.rawData());
        data = Envelope.withMetadata(data, message.metadataId().orElse(null), now, null);
        Envelope.withFailure(data, new Failure(reason, (int) message.deliveryCount(), null, consumer), now);
        return EventCodec.INSTANCE.write(data);
    }

    private static String formatProblem(QueueMessage message) {
        try {
            message.event();
            return "?";
        } catch (EventFormatException e) {
            return e.getMessage();
        }
    }

    private void record(List<QueueMessage> batch, List<String> types, Response reply) {
        Response outcomes = reply.get(0);
        Response routeList = reply.get(1);
        Map<String, List<String>> routes = new HashMap<>();
        for (int i = 0; i + 1 < routeList.size(); i += 2) {
            String subs = routeList.get(i + 1).toString();
            routes.put(routeList.get(i).toString(), subs.isEmpty() ? List.of() : Arrays.asList(subs.split(" ")));
        }
        for (int i = 0; i < batch.size(); i++) {
            String outcome = outcomes.get(i).toString();
            String type = types.get(i);
            switch (outcome) {
                case "skipped" -> LOG.debugf("%s was claimed by another distributor", batch.get(i));
                case "dlq" -> {
                    metrics.deadLettered(type == null ? "unknown" : type, BusKeys.CENTRAL_QUEUE);
                    LOG.warnf("dead-lettered %s: it cannot be distributed", batch.get(i));
                }
                default -> {
                    if (outcome.startsWith("bad:")) {
                        deadLetterForBadTarget(batch.get(i), outcome.substring(4));
                    } else if (outcome.equals("0")) {
                        metrics.unrouted(type);
                    } else {
                        routes.getOrDefault(type, List.of()).forEach(q -> metrics.distributed(type, q));
                    }
                }
            }
        }
    }

    private void deadLetterForBadTarget(QueueMessage message, String queue) {
        String reason = "Subscriber queue " + queue + " is not a stream in Redis";
        if (queues.moveToDlq(message, new Failure(reason, (int) message.deliveryCount(), null, consumer), consumer).isPresent()) {
            metrics.deadLettered("unknown", BusKeys.CENTRAL_QUEUE);
            LOG.errorf("dead-lettered %s: %s", message, reason);
        }
    }
}
