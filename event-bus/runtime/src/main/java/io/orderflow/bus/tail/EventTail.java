package io.orderflow.bus.tail;

import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.StreamEntry;
import io.orderflow.bus.queue.StreamId;
import io.orderflow.bus.queue.StreamReplies;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Reads the central stream the way a spectator does: with XREAD from a cursor, never in a
 * consumer group, so it can never take an event away from the distributor. Readers wait for new
 * entries through {@link #awaitNewEntries(String, Duration)}: one shared blocking read per process
 * wakes them all, instead of one Redis connection held per reader.
 */
public class EventTail {

    private static final Logger LOG = Logger.getLogger(EventTail.class);
    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}(-\\d{1,20})?");

    private final RedisDataSource redis;
    private final String stream;
    private final Object newEntries = new Object();
    private volatile String lastSeen = "0-0";
    private Thread watcher;

    public EventTail(RedisDataSource redis, BusKeys keys) {
        this.redis = redis;
        this.stream = keys.central().stream();
    }

    public static boolean isStreamId(String id) {
        return id != null && STREAM_ID.matcher(id).matches();
    }

    /** The id of the newest entry, or {@code 0-0} for an empty stream: a cursor that starts "from now". */
    public String latestId() {
        Response newest = redis.execute("XREVRANGE", stream, "+", "-", "COUNT", "1");
        return newest == null || newest.size() == 0 ? "0-0" : newest.get(0).get(0).toString();
    }

    /** Up to {@code count} entries after {@code cursor} (exclusive), oldest first; never blocks. */
    public List<StreamEntry> after(String cursor, int count) {
        return StreamReplies.readReply(redis.execute("XREAD", "COUNT", String.valueOf(count), "STREAMS", stream, cursor));
    }

    /**
     * Waits until the stream may hold entries after {@code cursor}, or the timeout passes. A
     * spurious wake-up is harmless: the caller reads with {@link #after} and finds nothing.
     */
    public void awaitNewEntries(String cursor, Duration timeout) throws InterruptedException {
        startWatcher();
        synchronized (newEntries) {
            if (StreamId.parse(lastSeen).compareTo(StreamId.parse(cursor)) <= 0) {
                newEntries.wait(Math.max(1, timeout.toMillis()));
            }
        }
    }

    private synchronized void startWatcher() {
        if (watcher != null) {
            return;
        }
        watcher = Thread.ofPlatform().daemon().name("orderflow-bus-tail").start(this::watch);
    }

    private void watch() {
        String cursor = "$";
        while (!Thread.currentThread().isInterrupted()) {
            try {
                List<StreamEntry> entries = StreamReplies.readReply(
                        redis.execute("XREAD", "COUNT", "100", "BLOCK", "2000", "STREAMS", stream, cursor));
                if (!entries.isEmpty()) {
                    cursor = entries.get(entries.size() - 1).id();
                    lastSeen = cursor;
                    synchronized (newEntries) {
                        newEntries.notifyAll();
                    }
                }
            } catch (RuntimeException e) {
                LOG.debugf("tail of %s: %s; retrying", stream, e);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
