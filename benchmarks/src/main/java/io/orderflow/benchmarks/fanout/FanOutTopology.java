package io.orderflow.benchmarks.fanout;

import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.Queues;
import java.util.ArrayList;
import java.util.List;

/**
 * The bus the benchmark fans out on: the central queue and two service queues subscribed to
 * OrderCreatedEvent, set up in Redis exactly as services register themselves.
 */
final class FanOutTopology {

    static final String EVENT_TYPE = "OrderCreatedEvent";
    static final List<String> SUBSCRIBER_QUEUES = List.of(
            BusKeys.serviceQueueName("bench-a"), BusKeys.serviceQueueName("bench-b"));

    private final Queues queues;
    private boolean created;

    FanOutTopology(Queues queues) {
        this.queues = queues;
    }

    /**
     * Makes sure nothing else lives in the database: other subscribers or a non-empty central
     * stream would change what is measured, and the benchmark must not destroy someone's data
     * unless told to.
     */
    void requireEmptyDatabase(boolean flush) {
        if (flush) {
            queues.redis().execute("FLUSHDB");
            return;
        }
        long keys = queues.redis().execute("DBSIZE").toLong();
        if (keys > 0) {
            throw new IllegalStateException("the Redis database holds " + keys + " keys: point --redis at an empty "
                    + "database, or add --flush to empty it first (its data is destroyed)");
        }
    }

    void create() {
        created = true;
        queues.createQueuePair(BusKeys.CENTRAL_QUEUE);
        List<String> sadd = new ArrayList<>();
        sadd.add(queues.keys().subscriptions(EVENT_TYPE));
        for (String queue : SUBSCRIBER_QUEUES) {
            queues.createQueuePair(queue);
            sadd.add(queue);
        }
        queues.redis().execute("SADD", sadd.toArray(String[]::new));
    }

    /** Empties the queues after a warm-up, so that the timed drain starts from the same state as a cold one. */
    void reset() {
        remove();
        create();
    }

    /** Fails unless every subscriber queue got exactly one copy of each event and nothing was dead-lettered. */
    void verifyFannedOut(long events) {
        List<String> problems = new ArrayList<>();
        for (String queue : SUBSCRIBER_QUEUES) {
            long length = length(queues.keys().queue(queue).stream());
            if (length != events) {
                problems.add(queues.keys().queue(queue).stream() + " holds " + length + " entries, expected " + events);
            }
        }
        long deadLettered = length(queues.keys().central().dlq());
        if (deadLettered != 0) {
            problems.add(queues.keys().central().dlq() + " holds " + deadLettered + " dead-lettered entries, expected 0");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("fan-out is incomplete or wrong: " + String.join("; ", problems));
        }
    }

    /**
     * Removes the benchmark's queues and subscriptions from a server the benchmark did not start;
     * nothing when it never created them (that server may hold somebody's queues of these names).
     */
    void remove() {
        if (!created) {
            return;
        }
        queues.deleteQueue(BusKeys.CENTRAL_QUEUE);
        SUBSCRIBER_QUEUES.forEach(queues::deleteQueue);
        queues.redis().execute("DEL", queues.keys().subscriptions(EVENT_TYPE), queues.keys().distributorStats());
    }

    private long length(String stream) {
        return queues.redis().execute("XLEN", stream).toLong();
    }
}
