package io.orderflow.benchmarks.fanout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orderflow.bus.queue.QueueKeys;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.EventTypes;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.harness.redis.RespConnection;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upper bound, not a distributor: the same backlog copied to the same subscriber queues by
 * the least code that can do it. Each worker reads a batch in the group, then sends
 * {@code MULTI}, two {@code XADD}s per entry, one {@code XACK} and {@code EXEC} in one write, or
 * (on the Quarkus client only) passes the batch's data to one script call that checks ownership
 * and copies. It leaves out what the bus must also do: no ownership check in the MULTI
 * variants, no subscriber lookup per batch, no trail, no dead-lettering, no metrics, no expiry;
 * except one variant, the whole round of a distributor built on {@code MULTI} (fenced by
 * {@code WATCH}, subscribers looked up, counters, trail marks), which still leaves out the
 * dead-lettering, the metrics and the expiry.
 * Measured through two clients (the harness's bare {@link RespConnection} and the Quarkus Redis
 * client the bus is built on) and with different amounts of checking, so that the report shows
 * how far the copying alone could go on this Redis, and what the client costs.
 */
final class CopyBound {

    /** How much of each entry the copier looks at before routing it. */
    enum Check {
        NONE("no check: every entry copied as it is"),
        JSON_AND_TYPE("JSON parsed, event_type read and looked up"),
        EVENT_CODEC("EventCodec.decode, the check the distributor's routing mirrors");

        final String description;

        Check(String description) {
            this.description = description;
        }
    }

    /** Which client the copier talks to Redis through. */
    enum Client {
        BARE("bare RESP client"),
        QUARKUS("Quarkus Redis client (Vert.x), one batch() per MULTI"),
        QUARKUS_SCRIPT("Quarkus Redis client (Vert.x), one script call per batch (data as arguments, ownership checked)"),
        QUARKUS_FENCED("Quarkus Redis client (Vert.x), a MULTI distributor's whole round (WATCHed fence and "
                + "subscriptions, copies, XACK, counters, a trail script)"),
        BARE_FENCED("bare RESP client, the same whole round");

        final String description;

        Client(String description) {
            this.description = description;
        }
    }

    /** The variants measured, in the order they are reported. */
    static final List<Variant> VARIANTS = List.of(
            new Variant(Client.BARE, Check.NONE),
            new Variant(Client.BARE, Check.JSON_AND_TYPE),
            new Variant(Client.BARE, Check.EVENT_CODEC),
            new Variant(Client.QUARKUS, Check.NONE),
            new Variant(Client.QUARKUS, Check.JSON_AND_TYPE),
            new Variant(Client.QUARKUS, Check.EVENT_CODEC),
            new Variant(Client.QUARKUS_SCRIPT, Check.NONE),
            new Variant(Client.QUARKUS_SCRIPT, Check.JSON_AND_TYPE),
            new Variant(Client.QUARKUS_SCRIPT, Check.EVENT_CODEC),
            new Variant(Client.QUARKUS_FENCED, Check.JSON_AND_TYPE),
            new Variant(Client.QUARKUS_FENCED, Check.EVENT_CODEC),
            new Variant(Client.BARE_FENCED, Check.JSON_AND_TYPE),
            new Variant(Client.BARE_FENCED, Check.EVENT_CODEC));

    record Variant(Client client, Check check) {

        String description() {
            return client.description + ", " + check.description;
        }
    }

    /** One run: how long it took, and the CPU Redis and this JVM spent per event meanwhile. */
    record Result(Variant variant, long events, double seconds, DrainCost.PerEvent cpu) {

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** The best shape found by hand (2 workers for 2 cores, 1,000 entries a batch). */
    static final int WORKERS = 2;
    static final int BATCH = 1_000;
    /**
     * Each variant runs this many times, after an untimed run, and keeps its fastest: a bound should
     * be generous. (Its copies also land in memory the previous run freed, which the drain's did not.)
     */
    static final int RUNS = 3;

    private static final byte[] XADD = bytes("XADD");
    private static final byte[] NEW_ID = bytes("*");
    private static final byte[] DATA = bytes("data");

    private final RedisEndpoint endpoint;
    private final Redis quarkusClient;
    private final Queues queues;
    private final QueueKeys central;
    private final List<byte[]> subscriberStreams;
    private final Map<String, List<byte[]>> routes = new HashMap<>();
    private final List<String> eventTypes = List.copyOf(EventTypes.names());
    private final JsonFactory json = EventCodec.INSTANCE.mapper().getFactory();

    CopyBound(RedisEndpoint endpoint, Redis quarkusClient, Queues queues) {
        this.endpoint = endpoint;
        this.quarkusClient = quarkusClient;
        this.queues = queues;
        this.central = queues.keys().central();
        this.subscriberStreams = FanOutTopology.SUBSCRIBER_QUEUES.stream()
                .map(queue -> bytes(queues.keys().queue(queue).stream())).toList();
        for (String type : eventTypes) {
            routes.put(type, type.equals(FanOutTopology.EVENT_TYPE) ? subscriberStreams : List.of());
        }
    }

    /** Copies the backlog, already fanned out once, again and again: each variant's fastest run. */
    List<Result> measure(long events) {
        long backlog = queues.redis().execute("XLEN", central.stream()).toLong();
        if (backlog != events) {
            throw new IllegalStateException("the bound needs the whole backlog in " + central.stream() + ": it holds "
                    + backlog + " entries, expected " + events);
        }
        // Untimed: the copiers' own code is compiled before their first measured run.
        copyOnce(events, new Variant(Client.BARE, Check.EVENT_CODEC));
        copyOnce(events, new Variant(Client.QUARKUS, Check.EVENT_CODEC));
        copyOnce(events, new Variant(Client.QUARKUS_SCRIPT, Check.EVENT_CODEC));
        copyOnce(events, new Variant(Client.QUARKUS_FENCED, Check.EVENT_CODEC));
        copyOnce(events, new Variant(Client.BARE_FENCED, Check.EVENT_CODEC));
        List<Result> results = new ArrayList<>();
        for (Variant variant : VARIANTS) {
            Result best = null;
            for (int run = 0; run < RUNS; run++) {
                Result result = copyOnce(events, variant);
                if (best == null || result.seconds() < best.seconds()) {
                    best = result;
                }
            }
            results.add(best);
        }
        return results;
    }

    private Result copyOnce(long events, Variant variant) {
        rearm();
        AtomicLong copied = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            DrainCost cost = DrainCost.start(queues.redis());
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 1; w <= WORKERS; w++) {
                String consumer = "copy-bound-" + w;
                running.add(workers.submit(() -> switch (variant.client()) {
                    case BARE -> copyUntilEmptyWithBareClient(consumer, variant.check(), copied);
                    case QUARKUS -> copyUntilEmptyWithQuarkusClient(consumer, variant.check(), copied);
                    case QUARKUS_SCRIPT -> copyUntilEmptyWithScript(consumer, variant.check(), copied);
                    case QUARKUS_FENCED -> copyUntilEmptyFenced(consumer, variant.check(), copied);
                    case BARE_FENCED -> copyUntilEmptyFencedWithBareClient(consumer, variant.check(), copied);
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            DrainCost.PerEvent cpu = cost.perEvent(events);
            if (copied.get() != events) {
                throw new IllegalStateException("the bound copied " + copied.get() + " entries, expected " + events);
            }
            for (byte[] stream : subscriberStreams) {
                String name = new String(stream, StandardCharsets.UTF_8);
                long length = queues.redis().execute("XLEN", name).toLong();
                if (length != events) {
                    throw new IllegalStateException("the bound left " + length + " entries in " + name + ", expected " + events);
                }
            }
            return new Result(variant, events, seconds, cpu);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the bound", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the bound's copier failed: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /** Empties the subscriber queues and makes the whole backlog new to the group again. */
    private void rearm() {
        for (byte[] stream : subscriberStreams) {
            queues.redis().execute("XTRIM", new String(stream, StandardCharsets.UTF_8), "MAXLEN", "0");
        }
        queues.redis().execute("XGROUP", "SETID", central.stream(), central.group(), "0");
    }

    private Void copyUntilEmptyWithBareClient(String consumer, Check check, AtomicLong copied) {
        byte[] centralStream = bytes(central.stream());
        byte[] group = bytes(central.group());
        try (RespConnection redis = connect()) {
            while (true) {
                redis.queue("XREADGROUP", "GROUP", group, consumer, "COUNT", BATCH, "STREAMS", centralStream, ">");
                redis.flush();
                List<?> entries = entriesOf(redis.readRaw());
                if (entries.isEmpty()) {
                    return null;
                }
                redis.queue("MULTI");
                int queued = 0;
                Object[] ack = new Object[3 + entries.size()];
                ack[0] = "XACK";
                ack[1] = centralStream;
                ack[2] = group;
                for (int i = 0; i < entries.size(); i++) {
                    List<?> entry = (List<?>) entries.get(i);
                    byte[] data = dataOf((List<?>) entry.get(1));
                    for (byte[] stream : routeOf(data, check)) {
                        redis.queue(XADD, stream, NEW_ID, DATA, data);
                        queued++;
                    }
                    ack[3 + i] = entry.get(0);
                }
                redis.queue(ack);
                redis.queue("EXEC");
                redis.flush();
                // MULTI's OK, a QUEUED per command, then EXEC's array; an error reply throws.
                for (int i = 0; i < queued + 2; i++) {
                    redis.readRaw();
                }
                if (!(redis.readRaw() instanceof List<?> results) || results.stream().anyMatch(RuntimeException.class::isInstance)) {
                    throw new IllegalStateException("the bound's MULTI/EXEC failed");
                }
                copied.addAndGet(entries.size());
            }
        }
    }

    private Void copyUntilEmptyWithQuarkusClient(String consumer, Check check, AtomicLong copied) {
        RedisConnection redis = quarkusClient.connectAndAwait();
        try {
            while (true) {
                Response entries = readBatch(redis, consumer);
                if (entries == null) {
                    return null;
                }
                List<Request> requests = new ArrayList<>(2 * entries.size() + 3);
                requests.add(Request.cmd(Command.MULTI));
                Request ack = Request.cmd(Command.XACK).arg(central.stream()).arg(central.group());
                for (Response entry : entries) {
                    byte[] data = dataOf(entry.get(1));
                    for (byte[] stream : routeOf(data, check)) {
                        requests.add(Request.cmd(Command.XADD).arg(stream).arg(NEW_ID).arg(DATA).arg(data));
                    }
                    ack.arg(entry.get(0).toBytes());
                }
                requests.add(ack);
                requests.add(Request.cmd(Command.EXEC));
                List<Response> replies = redis.batchAndAwait(requests);
                requireApplied(replies.get(replies.size() - 1));
                copied.addAndGet(entries.size());
            }
        } finally {
            redis.closeAndAwait();
        }
    }

    /**
     * The copy as one script call that keeps the bus's ownership rule: the batch is applied only
     * if this consumer still owns all of it (one {@code XPENDING} over its range), so that a batch
     * a claimer took over meanwhile is never copied twice. KEYS: central stream, the two
     * subscriber streams. ARGV: group, first id, last id, count, consumer, then id and data per entry.
     */
    static final String COPY_SCRIPT = """
            local stream, group, first, last, n = KEYS[1], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
            local owned = redis.call('XPENDING', stream, group, first, last, n, ARGV[5])
            if #owned ~= n then return -1 end
            local ids = {}
            for i = 0, n - 1 do
              local data = ARGV[6 + 2 * i + 1]
              redis.call('XADD', KEYS[2], '*', 'data', data)
              redis.call('XADD', KEYS[3], '*', 'data', data)
              ids[#ids + 1] = ARGV[6 + 2 * i]
            end
            -- unpack has a stack limit: acknowledge in slices.
            for i = 1, #ids, 1000 do
              redis.call('XACK', stream, group, unpack(ids, i, math.min(i + 999, #ids)))
            end
            return n
            """;

    private Void copyUntilEmptyWithScript(String consumer, Check check, AtomicLong copied) {
        RedisConnection redis = quarkusClient.connectAndAwait();
        try {
            String sha = load(redis, COPY_SCRIPT);
            while (true) {
                Response entries = readBatch(redis, consumer);
                if (entries == null) {
                    return null;
                }
                Request call = Request.cmd(Command.EVALSHA).arg(sha).arg(3).arg(central.stream())
                        .arg(subscriberStreams.get(0)).arg(subscriberStreams.get(1)).arg(central.group())
                        .arg(entries.get(0).get(0).toBytes()).arg(entries.get(entries.size() - 1).get(0).toBytes())
                        .arg(entries.size()).arg(consumer);
                for (Response entry : entries) {
                    byte[] data = dataOf(entry.get(1));
                    // The script copies to both subscriber streams (the topology's one route); the
                    // lookup is here for its check, which throws on an entry it cannot route.
                    routeOf(data, check);
                    call.arg(entry.get(0).toBytes()).arg(data);
                }
                Response result = redis.sendAndAwait(call);
                if (result.toLong() != entries.size()) {
                    throw new IllegalStateException("the bound's script refused the batch: " + result);
                }
                copied.addAndGet(entries.size());
            }
        } finally {
            redis.closeAndAwait();
        }
    }

    /**
     * The trail marks of a batch, as the bus's scripts make them: for each event whose trail
     * exists, the copy time per queue. ARGV: key prefix, number of queues, the queues, the event ids.
     */
    static final String TRAIL_SCRIPT = """
            local prefix, k = ARGV[1], tonumber(ARGV[2])
            local clock = redis.call('TIME')
            local now_us = clock[1] .. string.format('%06d', tonumber(clock[2]))
            for i = 3 + k, #ARGV do
              local trail = prefix .. 'trail:' .. ARGV[i]
              if redis.call('EXISTS', trail) == 1 then
                for q = 3, 2 + k do
                  redis.call('HSET', trail, 'distributed:' .. ARGV[q], now_us)
                end
              end
            end
            return 0
            """;

    /**
     * A round of a distributor built on {@code MULTI}, on one connection: {@code WATCH} the
     * consumer's fence key (which a claimer would bump, so that a batch taken over meanwhile is
     * never applied) and the subscription sets, read them and the batch in one write, check the
     * entries, then one write of {@code MULTI}, the copies, the {@code XACK}, a counter per type,
     * the trail script and {@code EXEC}. Nothing bumps the fence here: the bound pays for it only.
     */
    private Void copyUntilEmptyFenced(String consumer, Check check, AtomicLong copied) {
        RedisConnection redis = quarkusClient.connectAndAwait();
        try {
            String trailSha = load(redis, TRAIL_SCRIPT);
            for (WatchedBatch batch = watchAndRead(redis, consumer); batch != null; batch = watchAndRead(redis, consumer)) {
                Round round = plan(batch, check);
                List<Response> replies = redis.batchAndAwait(requests(round, trailSha));
                requireApplied(replies.get(replies.size() - 1));
                copied.addAndGet(round.acks().size());
            }
            redis.sendAndAwait(Request.cmd(Command.UNWATCH));
            return null;
        } finally {
            redis.closeAndAwait();
        }
    }

    /** A batch read under {@code WATCH}: the subscriber queues of each event type, read with it, and its entries. */
    private record WatchedBatch(Map<String, List<String>> subscribers, List<byte[]> ids, List<byte[]> data) {
    }

    /** The batch with the subscribers of each type (members in {@link #eventTypes}' order), or null when none is left. */
    private WatchedBatch watchedBatch(List<List<String>> membersPerType, List<byte[]> ids, List<byte[]> data) {
        if (ids.isEmpty()) {
            return null;
        }
        Map<String, List<String>> subscribers = new HashMap<>();
        for (int t = 0; t < eventTypes.size(); t++) {
            List<String> queueNames = new ArrayList<>(membersPerType.get(t));
            queueNames.sort(null);
            subscribers.put(eventTypes.get(t), queueNames);
        }
        return new WatchedBatch(subscribers, ids, data);
    }

    /** What a round writes once its batch is checked: the same for either client. */
    private record Round(List<Copy> copies, List<byte[]> acks, Map<String, Integer> routedPerType,
            List<String> trailQueues, List<String> eventIds) {
    }

    /** One XADD of an entry's data to a subscriber queue's stream. */
    private record Copy(String stream, byte[] data) {
    }

    /** Checks every entry of the batch and routes it to the subscribers of its type. */
    private Round plan(WatchedBatch batch, Check check) {
        List<Copy> copies = new ArrayList<>(2 * batch.data().size());
        Map<String, Integer> routedPerType = new HashMap<>();
        List<String> eventIds = new ArrayList<>(batch.data().size());
        for (byte[] data : batch.data()) {
            String[] typeAndId = typeAndId(data, check);
            List<String> queueNames = batch.subscribers().get(typeAndId[0]);
            if (queueNames == null) {
                throw new IllegalStateException("the backlog holds an entry the bound cannot route: " + typeAndId[0]);
            }
            for (String queue : queueNames) {
                copies.add(new Copy(queues.keys().queue(queue).stream(), data));
            }
            routedPerType.merge(typeAndId[0], 1, Integer::sum);
            eventIds.add(typeAndId[1]);
        }
        // The backlog is of one type: one list of queues serves every trail of the batch.
        return new Round(copies, batch.ids(), routedPerType, batch.subscribers().get(FanOutTopology.EVENT_TYPE), eventIds);
    }

    private WatchedBatch watchAndRead(RedisConnection redis, String consumer) {
        Request watch = Request.cmd(Command.WATCH).arg(fenceKey(consumer));
        eventTypes.forEach(type -> watch.arg(queues.keys().subscriptions(type)));
        List<Request> requests = new ArrayList<>(List.of(watch));
        eventTypes.forEach(type -> requests.add(
                Request.cmd(Command.SMEMBERS).arg(queues.keys().subscriptions(type))));
        requests.add(readRequest(consumer));
        List<Response> replies = redis.batchAndAwait(requests);
        List<List<String>> membersPerType = new ArrayList<>();
        for (int t = 0; t < eventTypes.size(); t++) {
            List<String> members = new ArrayList<>();
            replies.get(1 + t).forEach(name -> members.add(name.toString()));
            membersPerType.add(members);
        }
        Response entries = entriesIn(replies.get(replies.size() - 1));
        List<byte[]> ids = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        if (entries != null) {
            for (Response entry : entries) {
                ids.add(entry.get(0).toBytes());
                data.add(dataOf(entry.get(1)));
            }
        }
        return watchedBatch(membersPerType, ids, data);
    }

    private List<Request> requests(Round round, String trailSha) {
        List<Request> requests = new ArrayList<>(round.copies().size() + 8);
        requests.add(Request.cmd(Command.MULTI));
        round.copies().forEach(copy -> requests.add(
                Request.cmd(Command.XADD).arg(copy.stream()).arg(NEW_ID).arg(DATA).arg(copy.data())));
        Request ack = Request.cmd(Command.XACK).arg(central.stream()).arg(central.group());
        round.acks().forEach(ack::arg);
        requests.add(ack);
        round.routedPerType().forEach((type, n) -> requests.add(
                Request.cmd(Command.HINCRBY).arg(queues.keys().distributorStats()).arg("routed:" + type).arg(n)));
        Request trail = Request.cmd(Command.EVALSHA).arg(trailSha).arg(0).arg(queues.keys().prefix())
                .arg(round.trailQueues().size());
        round.trailQueues().forEach(trail::arg);
        round.eventIds().forEach(trail::arg);
        requests.add(trail);
        requests.add(Request.cmd(Command.EXEC));
        return requests;
    }

    /**
     * The round of {@link #copyUntilEmptyFenced} through the bare RESP client: what the round
     * would make on a connection of the distributor's own, outside the Quarkus client.
     */
    private Void copyUntilEmptyFencedWithBareClient(String consumer, Check check, AtomicLong copied) {
        try (RespConnection redis = connect()) {
            String trailSha = redis.call("SCRIPT", "LOAD", TRAIL_SCRIPT).toString();
            for (WatchedBatch batch = watchAndRead(redis, consumer); batch != null; batch = watchAndRead(redis, consumer)) {
                Round round = plan(batch, check);
                write(redis, round, trailSha);
                // MULTI's OK and a QUEUED per command (the copies, XACK, the counters, the trail
                // script); then EXEC's array, nil when the WATCH aborted it.
                int queued = round.copies().size() + 1 + round.routedPerType().size() + 1;
                for (int i = 0; i <= queued; i++) {
                    redis.readRaw();
                }
                if (!(redis.readRaw() instanceof List<?> results) || results.stream().anyMatch(RuntimeException.class::isInstance)) {
                    throw new IllegalStateException("the bound's MULTI/EXEC was aborted or failed");
                }
                copied.addAndGet(round.acks().size());
            }
            redis.call("UNWATCH");
            return null;
        }
    }

    private WatchedBatch watchAndRead(RespConnection redis, String consumer) {
        List<Object> watch = new ArrayList<>(List.of("WATCH", fenceKey(consumer)));
        eventTypes.forEach(type -> watch.add(queues.keys().subscriptions(type)));
        redis.queue(watch.toArray());
        eventTypes.forEach(type -> redis.queue("SMEMBERS", queues.keys().subscriptions(type)));
        redis.queue("XREADGROUP", "GROUP", central.group(), consumer, "COUNT", BATCH, "STREAMS", central.stream(), ">");
        redis.flush();
        redis.readRaw();
        List<List<String>> membersPerType = new ArrayList<>();
        for (int t = 0; t < eventTypes.size(); t++) {
            List<String> members = new ArrayList<>();
            for (Object name : (List<?>) redis.readRaw()) {
                members.add(new String((byte[]) name, StandardCharsets.UTF_8));
            }
            membersPerType.add(members);
        }
        List<byte[]> ids = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        for (Object item : entriesOf(redis.readRaw())) {
            List<?> entry = (List<?>) item;
            ids.add((byte[]) entry.get(0));
            data.add(dataOf((List<?>) entry.get(1)));
        }
        return watchedBatch(membersPerType, ids, data);
    }

    private void write(RespConnection redis, Round round, String trailSha) {
        redis.queue("MULTI");
        round.copies().forEach(copy -> redis.queue(XADD, copy.stream(), NEW_ID, DATA, copy.data()));
        List<Object> ack = new ArrayList<>(List.of("XACK", central.stream(), central.group()));
        ack.addAll(round.acks());
        redis.queue(ack.toArray());
        round.routedPerType().forEach((type, n) -> redis.queue("HINCRBY", queues.keys().distributorStats(), "routed:" + type, n));
        List<Object> trail = new ArrayList<>(List.of("EVALSHA", trailSha, 0, queues.keys().prefix(), round.trailQueues().size()));
        trail.addAll(round.trailQueues());
        trail.addAll(round.eventIds());
        redis.queue(trail.toArray());
        redis.queue("EXEC");
        redis.flush();
    }

    /** The key a claimer would bump to abort a batch this consumer read under {@code WATCH}. */
    private String fenceKey(String consumer) {
        return queues.keys().prefix() + "fence:" + consumer;
    }

    /** Makes the server know the script; its SHA. */
    private static String load(RedisConnection redis, String script) {
        return redis.sendAndAwait(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).toString();
    }

    /** The event's type and id, read as {@code check} says. */
    private String[] typeAndId(byte[] data, Check check) {
        if (check == Check.EVENT_CODEC) {
            var event = EventCodec.INSTANCE.decode(new String(data, StandardCharsets.UTF_8));
            return new String[] {event.eventType(), event.eventId()};
        }
        return topLevelText(data, "event_type", "event_id");
    }

    /**
     * One batch read in the group through the Quarkus client, or null when none is left. Kept as
     * {@link Response}s rather than the bus's {@code StreamReplies}, whose entries are strings:
     * the copiers write the bytes back as they came.
     */
    private Response readBatch(RedisConnection redis, String consumer) {
        return entriesIn(redis.sendAndAwait(readRequest(consumer)));
    }

    private Request readRequest(String consumer) {
        return Request.cmd(Command.XREADGROUP).arg("GROUP").arg(central.group())
                .arg(consumer).arg("COUNT").arg(BATCH).arg("STREAMS").arg(central.stream()).arg(">");
    }

    /** The entries of a read on the central stream, or null when there are none. */
    private Response entriesIn(Response reply) {
        // RESP3 answers a map of streams, RESP2 an array of [stream, entries].
        Response entries = reply == null ? null
                : reply.getKeys().isEmpty() ? reply.get(0).get(1) : reply.get(central.stream());
        return entries == null || entries.size() == 0 ? null : entries;
    }

    /** EXEC answers nil when the transaction was aborted and an error element for each command that failed. */
    private static void requireApplied(Response results) {
        if (results == null) {
            throw new IllegalStateException("the bound's MULTI/EXEC was aborted");
        }
        for (Response result : results) {
            if (result != null && result.type() == ResponseType.ERROR) {
                throw new IllegalStateException("a command in the bound's MULTI/EXEC failed: " + result);
            }
        }
    }

    /** The data field of an entry's fields, a map in RESP3 and a flat list in RESP2. */
    private static byte[] dataOf(Response fields) {
        if (!fields.getKeys().isEmpty()) {
            Response data = fields.get("data");
            if (data != null) {
                return data.toBytes();
            }
        } else {
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (Arrays.equals(fields.get(i).toBytes(), DATA)) {
                    return fields.get(i + 1).toBytes();
                }
            }
        }
        throw new IllegalStateException("the backlog holds an entry without data");
    }

    private RespConnection connect() {
        RespConnection redis = new RespConnection(endpoint.host(), endpoint.port());
        endpoint.password().ifPresent(password -> redis.call("AUTH", password));
        return redis;
    }

    /** The entries of an XREADGROUP reply on one stream: none when it answered nil. */
    private static List<?> entriesOf(Object reply) {
        if (reply == null) {
            return List.of();
        }
        return (List<?>) ((List<?>) ((List<?>) reply).get(0)).get(1);
    }

    private List<byte[]> routeOf(byte[] data, Check check) {
        String type = switch (check) {
            case NONE -> FanOutTopology.EVENT_TYPE;
            case JSON_AND_TYPE -> topLevelText(data, "event_type")[0];
            case EVENT_CODEC -> EventCodec.INSTANCE.decode(new String(data, StandardCharsets.UTF_8)).eventType();
        };
        List<byte[]> route = type == null ? null : routes.get(type);
        if (route == null) {
            throw new IllegalStateException("the backlog holds an entry the bound cannot route: " + type);
        }
        return route;
    }

    /** Reads the whole entry (so that malformed JSON fails) and keeps the top-level texts named. */
    private String[] topLevelText(byte[] data, String... names) {
        List<String> wanted = List.of(names);
        String[] values = new String[names.length];
        try (JsonParser parser = json.createParser(data)) {
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (depth == 1 && token == JsonToken.FIELD_NAME) {
                    int index = wanted.indexOf(parser.currentName());
                    if (index >= 0) {
                        parser.nextToken();
                        values[index] = parser.getText();
                    }
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("the backlog holds an entry that is not JSON", e);
        }
    }

    private static byte[] dataOf(List<?> fields) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (Arrays.equals((byte[]) fields.get(i), DATA)) {
                return (byte[]) fields.get(i + 1);
            }
        }
        throw new IllegalStateException("the backlog holds an entry without data");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
