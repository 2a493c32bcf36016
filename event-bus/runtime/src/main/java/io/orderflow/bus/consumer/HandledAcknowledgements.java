package io.orderflow.bus.consumer;

import io.orderflow.bus.queue.LuaScript;
import io.orderflow.bus.queue.QueueKeys;
import io.orderflow.bus.queue.Queues;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Acknowledges handled entries of one queue: remembers that each event was handled (its dedup
 * marker), notes it in the event's trail, and acknowledges the entry, in one atomic step.
 *
 * <p>Entries handled in the same turn of an event loop share one script call. At a high rate a
 * batch's handlers complete together (their transactions' replies arrive in one read from the
 * socket), and one call with one {@code XACK} for all of them costs Redis and the JVM far less
 * than one call each. An acknowledgement never waits for company: it goes out at the end of the
 * turn that produced it, or at once when it comes from a thread that is not an event loop's.
 */
final class HandledAcknowledgements {

    /**
     * KEYS: stream, then per entry its handled marker and its trail. ARGV: group, retention
     * seconds, queue, then per entry its id, handled at (epoch µs) and handling time (µs).
     * Returns the number of entries acknowledged.
     */
    static final LuaScript ACK_HANDLED = new LuaScript("""
            local group, retention, queue = ARGV[1], ARGV[2], ARGV[3]
            local ids = {}
            for i = 1, (#KEYS - 1) / 2 do
              local marker, trail, a = KEYS[2 * i], KEYS[2 * i + 1], 3 * i
              redis.call('SET', marker, '1', 'EX', retention)
              if redis.call('EXISTS', trail) == 1 then
                redis.call('HSET', trail, 'handled:' .. queue, ARGV[a + 2], 'handling_us:' .. queue, ARGV[a + 3])
              end
              ids[i] = ARGV[a + 1]
            end
            return redis.call('XACK', KEYS[1], group, unpack(ids))
            """);

    /** Bounds one call's arguments; a queue's consumer has far fewer entries in flight. */
    private static final int MOST_PER_CALL = 1000;

    /** One handled entry: its dedup marker and trail keys, its id, when it was handled and how long it took. */
    record Handled(String marker, String trail, String id, long handledAtMicros, long handlingMicros) {
    }

    private record Waiting(Handled entry, UniEmitter<? super Void> outcome) {
    }

    private final Queues queues;
    private final QueueKeys queue;
    private final String retentionSeconds;
    private final List<Waiting> waiting = new ArrayList<>();

    HandledAcknowledgements(Queues queues, QueueKeys queue, long retentionSeconds) {
        this.queues = queues;
        this.queue = queue;
        this.retentionSeconds = String.valueOf(retentionSeconds);
    }

    /** Acknowledges the entry; the Uni completes when Redis did, or fails with why it could not. */
    Uni<Void> acknowledge(Handled entry) {
        return Uni.createFrom().emitter(outcome -> {
            boolean first;
            synchronized (this) {
                waiting.add(new Waiting(entry, outcome));
                first = waiting.size() == 1;
            }
            if (first) {
                Context loop = Vertx.currentContext();
                if (loop != null && loop.isEventLoopContext()) {
                    loop.runOnContext(ignored -> flush());
                } else {
                    flush();
                }
            }
        });
    }

    private void flush() {
        List<Waiting> batch;
        synchronized (this) {
            batch = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (int from = 0; from < batch.size(); from += MOST_PER_CALL) {
            send(batch.subList(from, Math.min(from + MOST_PER_CALL, batch.size())));
        }
    }

    private void send(List<Waiting> batch) {
        List<String> keys = new ArrayList<>(1 + 2 * batch.size());
        List<String> args = new ArrayList<>(3 + 3 * batch.size());
        keys.add(queue.stream());
        args.addAll(List.of(queue.group(), retentionSeconds, queue.name()));
        for (Waiting w : batch) {
            Handled e = w.entry();
            keys.add(e.marker());
            keys.add(e.trail());
            args.add(e.id());
            args.add(String.valueOf(e.handledAtMicros()));
            args.add(String.valueOf(e.handlingMicros()));
        }
        ACK_HANDLED.runAsync(queues::executeAsync, keys, args).subscribe().with(
                acknowledged -> batch.forEach(w -> w.outcome().complete(null)),
                failure -> batch.forEach(w -> w.outcome().fail(failure)));
    }
}
