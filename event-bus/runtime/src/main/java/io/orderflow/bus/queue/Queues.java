package io.orderflow.bus.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.eventmodel.json.EpochSeconds;
import io.orderflow.eventmodel.json.EventCodec;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The LeanMQ queue protocol on Redis Streams: everything LeanMQ writes, these operations read,
 * and what they write, LeanMQ reads. Unlike the reference, every multi-command step is atomic,
 * TTLs are honoured, groups are never left behind, and entries are dead-lettered instead of
 * dropped or stranded.
 */
public class Queues {

    private final RedisDataSource redis;
    private final BusKeys keys;
    private final Clock clock;
    private final Duration replyTimeout;
    private final PipelinedConnection pipelined;

    /** {@code replyTimeout}: how long a call waits for Redis's answer, as the blocking data source does. */
    public Queues(RedisDataSource redis, BusKeys keys, Clock clock, Duration replyTimeout) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.replyTimeout = replyTimeout;
        this.pipelined = new PipelinedConnection(() -> redis.getReactive().getRedis(), replyTimeout);
    }

    /** The connection the bus's non-blocking commands share, pipelined. */
    public PipelinedConnection pipelined() {
        return pipelined;
    }

    /** How long a call waits for Redis's answer: {@code quarkus.redis.timeout}, as for the blocking data source. */
    public Duration replyTimeout() {
        return replyTimeout;
    }

    public BusKeys keys() {
        return keys;
    }

    public RedisDataSource redis() {
        return redis;
    }

    // ------------------------------------------------------------------ queues

    /** Creates the stream, DLQ, groups, metadata and registry entries; safe to repeat. */
    public void createQueuePair(String name) {
        QueueKeys q = keys.queue(name);
        QueueScripts.CREATE_QUEUE_PAIR.run(redis,
                List.of(q.stream(), q.dlq(), q.registry(), q.metadata(), q.dlqMetadata()),
                List.of(q.group(), q.dlqGroup(), epochSeconds(clock.instant())));
    }

    public void deleteQueue(String name) {
        QueueKeys q = keys.queue(name);
        QueueScripts.DELETE_QUEUE.run(redis,
                List.of(q.stream(), q.metadata(), q.expiry(), q.dlq(), q.dlqMetadata(), q.dlqExpiry(), q.registry()),
                List.of());
    }

    /** Every queue and DLQ in the registry, sorted by name, with its counts. */
    public List<QueueInfo> listQueues() {
        List<QueueInfo> infos = new ArrayList<>();
        for (Response member : redis.execute("SMEMBERS", keys.registry())) {
            infos.add(info(member.toString()));
        }
        infos.sort(Comparator.comparing(QueueInfo::name));
        return infos;
    }

    private QueueInfo info(String streamKey) {
        Map<String, String> metadata = StreamReplies.hash(redis.execute("HGETALL", streamKey + ":metadata"));
        boolean isDlq = "true".equals(metadata.get("is_dlq")) || streamKey.endsWith(":dlq");
        String group = metadata.getOrDefault("consumer_group", defaultGroup(streamKey, isDlq));
        long length = redis.execute("XLEN", streamKey).toLong();
        long pending = 0;
        long lag = -1;
        if (length > 0 || exists(streamKey)) {
            for (Map<String, String> g : groups(streamKey)) {
                if (group.equals(g.get("name"))) {
                    pending = parseLong(g.get("pending"), 0);
                    lag = parseLong(g.get("lag"), -1);
                }
            }
        }
        double createdAt = metadata.containsKey("created_at") ? Double.parseDouble(metadata.get("created_at")) : 0;
        return new QueueInfo(streamKey, isDlq, length, group, pending, lag, createdAt);
    }

    private String defaultGroup(String streamKey, boolean isDlq) {
        String name = streamKey.startsWith(keys.prefix()) ? streamKey.substring(keys.prefix().length()) : streamKey;
        return isDlq ? name.substring(0, name.length() - ":dlq".length()) + "-group-dlq" : name + "-group";
    }

    /** XINFO GROUPS of a stream, one map per group; empty when the stream does not exist. */
    public List<Map<String, String>> groups(String streamKey) {
        List<Map<String, String>> groups = new ArrayList<>();
        try {
            for (Response group : redis.execute("XINFO", "GROUPS", streamKey)) {
                groups.add(StreamReplies.hash(group));
            }
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("no such key")) {
                throw e;
            }
        }
        return groups;
    }

    private boolean exists(String key) {
        return redis.execute("EXISTS", key).toLong() > 0;
    }

    // ------------------------------------------------------------------ send

    public String send(String queue, ObjectNode payload) {
        return sendAll(List.of(OutgoingMessage.of(queue, payload))).get(0);
    }

    public String send(String queue, ObjectNode payload, Duration ttl) {
        return sendAll(List.of(OutgoingMessage.of(queue, payload).withTtl(ttl))).get(0);
    }

    /** Sends all messages in one atomic step; returns their stream ids in order. */
    public List<String> sendAll(List<OutgoingMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<String> scriptKeys = new ArrayList<>(messages.size() * 2);
        List<String> args = new ArrayList<>(messages.size() * 2);
        for (OutgoingMessage m : messages) {
            QueueKeys q = keys.queue(m.queue());
            scriptKeys.add(q.stream());
            scriptKeys.add(q.expiry());
            args.add(EventCodec.INSTANCE.write(Envelope.withMetadata(m.payload(), m.metadataId(), now, m.ttl())));
            args.add(m.ttl() == null ? "" : epochSeconds(now.plus(m.ttl())));
        }
        Response ids = QueueScripts.SEND_ALL.run(redis, scriptKeys, args);
        List<String> result = new ArrayList<>(ids.size());
        ids.forEach(id -> result.add(id.toString()));
        return result;
    }

    // ------------------------------------------------------------------ receive

    /**
     * Reads entries never delivered to the group. Entries whose TTL has run out are removed,
     * never returned. Fails with NOGROUP when the stream or group is gone (see
     * {@link RedisErrors#isNoGroup}).
     */
    public List<QueueMessage> read(String queue, String consumer, int count, Duration block) {
        return dropExpired(queue, readAsync(queue, consumer, count, block).await().indefinitely());
    }

    /** One Redis command without a waiting thread; fails after the reply timeout without an answer. */
    public Uni<Response> executeAsync(String command, String... args) {
        return pipelined.send(PipelinedConnection.request(command, args));
    }

    /** A hash's fields and values ({@code HGETALL}) without a waiting thread; empty when the key does not exist. */
    public Uni<Map<String, String>> hashAsync(String key) {
        return executeAsync("HGETALL", key).map(StreamReplies::hash);
    }

    /**
     * {@link #read} without a waiting thread, for a caller that chains its next call to Redis on
     * the event loop. The messages include those whose TTL ran out
     * ({@link QueueMessage#isExpiredAt}): the caller must not deliver them, and deletes them. Fails
     * after the block time plus the reply timeout without an answer.
     */
    public Uni<List<QueueMessage>> readAsync(String queue, String consumer, int count, Duration block) {
        QueueKeys q = keys.queue(queue);
        List<String> args = new ArrayList<>(List.of("GROUP", q.group(), consumer, "COUNT", String.valueOf(count)));
        if (block != null) {
            args.addAll(List.of("BLOCK", String.valueOf(blockMillis(block))));
        }
        args.addAll(List.of("STREAMS", q.stream(), ">"));
        return redis.getReactive().execute("XREADGROUP", args.toArray(String[]::new))
                .ifNoItem().after(block == null ? replyTimeout : replyTimeout.plus(block)).fail()
                .map(reply -> messages(queue, StreamReplies.readReply(reply), 1));
    }

    /**
     * The block time in Redis's whole milliseconds, at least one: {@code BLOCK 0} waits for ever,
     * so a wait shorter than a millisecond (what is left until a consumer's next scan, say) must
     * not round down to it. Such a read would hang until an entry arrives, and time out on a quiet
     * queue, holding its connection meanwhile.
     */
    static long blockMillis(Duration block) {
        if (block.isNegative() || block.isZero()) {
            return 1;
        }
        long millis = block.toMillis();
        return block.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
    }

    /**
     * Entries a script read from the queue for the group (first delivery), as messages; those
     * whose TTL has run out are removed, never returned.
     */
    public List<QueueMessage> received(String queue, List<StreamEntry> entries) {
        return entries.isEmpty() ? List.of() : live(queue, entries, 1);
    }

    /** The group's pending entries idle for at least {@code minIdle}, oldest first. */
    public List<PendingEntry> pending(String queue, Duration minIdle, int count) {
        QueueKeys q = keys.queue(queue);
        Response reply = redis.execute("XPENDING", q.stream(), q.group(), "IDLE", String.valueOf(minIdle.toMillis()),
                "-", "+", String.valueOf(count));
        List<PendingEntry> pending = new ArrayList<>(reply.size());
        for (Response p : reply) {
            pending.add(new PendingEntry(p.get(0).toString(), p.get(1).toString(),
                    Duration.ofMillis(p.get(2).toLong()), p.get(3).toLong()));
        }
        return pending;
    }

    /**
     * Takes over pending entries idle for at least {@code minIdle} (an entry touched meanwhile
     * is left alone) and returns them with their new delivery count.
     */
    public List<QueueMessage> claim(String queue, String consumer, Duration minIdle, List<PendingEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        QueueKeys q = keys.queue(queue);
        List<String> args = new ArrayList<>(List.of(q.stream(), q.group(), consumer, String.valueOf(minIdle.toMillis())));
        entries.forEach(e -> args.add(e.id()));
        List<StreamEntry> claimed = StreamReplies.entries(redis.execute("XCLAIM", args.toArray(String[]::new)));
        List<QueueMessage> messages = new ArrayList<>(claimed.size());
        for (StreamEntry entry : claimed) {
            long deliveries = entries.stream().filter(e -> e.id().equals(entry.id()))
                    .mapToLong(PendingEntry::deliveries).findFirst().orElse(0) + 1;
            messages.add(QueueMessage.of(queue, entry, deliveries));
        }
        return dropExpired(queue, messages);
    }

    /** Resets the idle time of entries this consumer is still working on, so nobody claims them. */
    public void touch(String queue, String consumer, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        takeOver(queue, consumer, ids);
    }

    /**
     * Takes back the delivery that just failed of each entry this consumer holds: its delivery
     * counter goes back to what it was before, so that the failure does not count against its
     * attempts. Also resets their idle time, so their backoff starts again from now.
     */
    public void giveBackDeliveries(String queue, String consumer, List<QueueMessage> messages) {
        Map<Long, List<String>> idsByCount = new TreeMap<>();
        for (QueueMessage message : messages) {
            idsByCount.computeIfAbsent(Math.max(0, message.deliveryCount() - 1), n -> new ArrayList<>()).add(message.id());
        }
        idsByCount.forEach((count, ids) -> takeOver(queue, consumer, ids, "RETRYCOUNT", String.valueOf(count)));
    }

    /**
     * {@code XCLAIM ... JUSTID} of entries whatever their idle time: they become {@code consumer}'s
     * with an idle time of zero, their delivery counter untouched unless {@code options} set it.
     */
    private void takeOver(String queue, String consumer, List<String> ids, String... options) {
        QueueKeys q = keys.queue(queue);
        List<String> args = new ArrayList<>(List.of(q.stream(), q.group(), consumer, "0"));
        args.addAll(ids);
        args.addAll(List.of(options));
        args.add("JUSTID");
        redis.execute("XCLAIM", args.toArray(String[]::new));
    }

    private List<QueueMessage> live(String queue, List<StreamEntry> entries, long deliveryCount) {
        return dropExpired(queue, messages(queue, entries, deliveryCount));
    }

    private static List<QueueMessage> messages(String queue, List<StreamEntry> entries, long deliveryCount) {
        List<QueueMessage> messages = new ArrayList<>(entries.size());
        for (StreamEntry entry : entries) {
            messages.add(QueueMessage.of(queue, entry, deliveryCount));
        }
        return messages;
    }

    /** The messages whose TTL has not run out; the others are deleted from the queue, never delivered. */
    private List<QueueMessage> dropExpired(String queue, List<QueueMessage> messages) {
        Instant now = clock.instant();
        List<String> expired = new ArrayList<>();
        List<QueueMessage> live = new ArrayList<>(messages.size());
        for (QueueMessage m : messages) {
            if (m.isExpiredAt(now)) {
                expired.add(m.id());
            } else {
                live.add(m);
            }
        }
        if (!expired.isEmpty()) {
            delete(queue, expired.toArray(String[]::new));
        }
        return live;
    }

    public long ack(String queue, String... ids) {
        if (ids.length == 0) {
            return 0;
        }
        QueueKeys q = keys.queue(queue);
        List<String> args = new ArrayList<>(List.of(q.stream(), q.group()));
        args.addAll(Arrays.asList(ids));
        return redis.execute("XACK", args.toArray(String[]::new)).toLong();
    }

    /** Acknowledges and deletes entries, and forgets their expiry. */
    public long delete(String queue, String... ids) {
        if (ids.length == 0) {
            return 0;
        }
        QueueKeys q = keys.queue(queue);
        List<String> args = new ArrayList<>();
        args.add(q.group());
        args.addAll(Arrays.asList(ids));
        return QueueScripts.DELETE.run(redis, List.of(q.stream(), q.expiry()), args).toLong();
    }

    /** Removes the entries whose TTL has run out; returns how many. */
    public long expireDue(String queue) {
        QueueKeys q = keys.queue(queue);
        return QueueScripts.EXPIRE_DUE.run(redis, List.of(q.stream(), q.expiry()),
                List.of(q.group(), epochSeconds(clock.instant()))).toLong();
    }

    // ------------------------------------------------------------------ dead letters

    /**
     * Moves an entry to its queue's DLQ with the failure appended to {@code _failures}, and
     * acknowledges and deletes the original, in one atomic step. With a consumer, only while
     * that consumer still owns the entry. Returns the DLQ entry's id, or empty when skipped.
     */
    public Optional<String> moveToDlq(QueueMessage message, Failure failure, String owner) {
        QueueKeys q = keys.queue(message.queue());
        Instant now = clock.instant();
        ObjectNode data = message.isReadable() ? message.data() : Envelope.quarantine(message.rawData());
        data = Envelope.withMetadata(data, message.metadataId().orElse(null), now, null);
        Envelope.withFailure(data, failure, now);
        Response id = QueueScripts.MOVE_TO_DLQ.run(redis, List.of(q.stream(), q.expiry(), q.dlq()),
                List.of(q.group(), message.id(), EventCodec.INSTANCE.write(data), owner == null ? "" : owner));
        return id == null ? Optional.empty() : Optional.of(id.toString());
    }

    /** The DLQ's entries from {@code fromId} on (inclusive; "-" for the start), oldest first. */
    public List<QueueMessage> dlqEntries(String queue, String fromId, int count) {
        return dlqEntries(queue, fromId, "+", count);
    }

    private List<QueueMessage> dlqEntries(String queue, String fromId, String toId, int count) {
        QueueKeys q = keys.queue(queue);
        List<StreamEntry> entries = StreamReplies.entries(
                redis.execute("XRANGE", q.dlq(), fromId, toId, "COUNT", String.valueOf(count)));
        List<QueueMessage> messages = new ArrayList<>(entries.size());
        entries.forEach(e -> messages.add(QueueMessage.of(queue + ":dlq", e, 0)));
        return messages;
    }

    /**
     * Sends a DLQ entry back to its queue with {@code _requeues} appended, keeping
     * {@code _metadata.id}. Returns the new id, or empty when the entry is no longer in the DLQ.
     */
    public Optional<String> requeue(String queue, String dlqId) {
        QueueKeys q = keys.queue(queue);
        List<StreamEntry> found = StreamReplies.entries(redis.execute("XRANGE", q.dlq(), dlqId, dlqId, "COUNT", "1"));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        QueueMessage message = QueueMessage.of(queue + ":dlq", found.get(0), 0);
        Instant now = clock.instant();
        ObjectNode data = message.isReadable() ? message.data() : Envelope.quarantine(message.rawData());
        data = Envelope.withMetadata(data, message.metadataId().orElse(null), now, null);
        Envelope.withRequeue(data, q.dlq(), q.stream(), now);
        Response id = QueueScripts.REQUEUE.run(redis, List.of(q.dlq(), q.dlqExpiry(), q.stream()),
                List.of(q.dlqGroup(), dlqId, EventCodec.INSTANCE.write(data)));
        return id == null ? Optional.empty() : Optional.of(id.toString());
    }

    /**
     * Requeues every entry the DLQ holds now; returns how many. Entries that fail again and come
     * back meanwhile (with new ids) are left for the next requeue, so this always ends.
     */
    public int requeueAll(String queue) {
        Response newest = redis.execute("XREVRANGE", keys.queue(queue).dlq(), "+", "-", "COUNT", "1");
        if (newest == null || newest.size() == 0) {
            return 0;
        }
        String last = newest.get(0).get(0).toString();
        int requeued = 0;
        String from = "-";
        while (true) {
            List<QueueMessage> page = dlqEntries(queue, from, last, 100);
            if (page.isEmpty()) {
                return requeued;
            }
            for (QueueMessage m : page) {
                if (requeue(queue, m.id()).isPresent()) {
                    requeued++;
                }
            }
            from = StreamId.parse(page.get(page.size() - 1).id()).next().toString();
        }
    }

    /** Deletes entries from a DLQ (acknowledging them in the DLQ group); returns how many. */
    public long deleteFromDlq(String queue, String... ids) {
        if (ids.length == 0) {
            return 0;
        }
        QueueKeys q = keys.queue(queue);
        List<String> args = new ArrayList<>();
        args.add(q.dlqGroup());
        args.addAll(Arrays.asList(ids));
        return QueueScripts.DELETE.run(redis, List.of(q.dlq(), q.dlqExpiry()), args).toLong();
    }

    // ------------------------------------------------------------------ trimming

    /** Entries one trimming call removes at most (see {@link #trimAcknowledged}). */
    private static final int TRIM_STEP = 2_000;

    /** Steps per maintenance run: what is left waits for the next one. */
    private static final int MAX_TRIM_STEPS = 100;

    /**
     * When a stream is longer than {@code maxLength}, removes the entries every group has
     * acknowledged. Unlike {@code XADD MAXLEN}, it never removes an entry someone has not yet
     * handled. Returns how many entries were removed.
     */
    public long trimAcknowledged(String streamKey, long maxLength) {
        long length = redis.execute("XLEN", streamKey).toLong();
        if (length <= maxLength) {
            return 0;
        }
        StreamId threshold = null;
        for (Map<String, String> group : groups(streamKey)) {
            StreamId keepFrom = StreamId.parse(group.get("last-delivered-id")).next();
            if (parseLong(group.get("pending"), 0) > 0) {
                Response summary = redis.execute("XPENDING", streamKey, group.get("name"));
                StreamId oldestPending = StreamId.parse(summary.get(1).toString());
                keepFrom = oldestPending.compareTo(keepFrom) < 0 ? oldestPending : keepFrom;
            }
            threshold = threshold == null || keepFrom.compareTo(threshold) < 0 ? keepFrom : threshold;
        }
        if (threshold == null) {
            return 0;
        }
        // In steps: one exact XTRIM of a busy stream removed tens of thousands of entries at once
        // and held Redis for 30-40 ms, every command of every service waiting behind it.
        // Approximate trimming removes whole internal nodes, at most TRIM_STEP entries a call;
        // the exact one at the end only takes what is left of the last node.
        String minId = threshold.toString();
        long removed = 0;
        for (int step = 0; step < MAX_TRIM_STEPS; step++) {
            long now = redis.execute("XTRIM", streamKey, "MINID", "~", minId, "LIMIT", String.valueOf(TRIM_STEP)).toLong();
            removed += now;
            if (now == 0) {
                return removed + redis.execute("XTRIM", streamKey, "MINID", minId).toLong();
            }
        }
        return removed;
    }

    private static long parseLong(String value, long otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String epochSeconds(Instant instant) {
        BigDecimal seconds = EpochSeconds.fromInstant(instant);
        return seconds.toPlainString();
    }
}
