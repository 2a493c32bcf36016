package io.orderflow.bus.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.eventmodel.json.EpochSeconds;
import io.orderflow.eventmodel.json.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes LeanMQ's envelope fields into an entry's JSON object. {@code _metadata} is appended last
 * when new and replaced in place when present (so it stays before {@code _failures} and
 * {@code _requeues}), as the Python reference does.
 */
public final class Envelope {

    public static final String METADATA = "_metadata";
    public static final String FAILURES = "_failures";
    public static final String REQUEUES = "_requeues";
    /** Where an unreadable entry's original text is kept when it is dead-lettered. */
    public static final String RAW = "_raw";

    private Envelope() {
    }

    /** A copy of {@code payload} with {@code _metadata: {id, timestamp, ttl}} set. */
    public static ObjectNode withMetadata(ObjectNode payload, String metadataId, Instant now, Duration ttl) {
        ObjectNode data = payload.deepCopy();
        ObjectNode metadata = EventCodec.INSTANCE.mapper().createObjectNode();
        metadata.put("id", metadataId == null ? UUID.randomUUID().toString() : metadataId);
        metadata.put("timestamp", EpochSeconds.fromInstant(now));
        if (ttl == null) {
            metadata.putNull("ttl");
        } else {
            metadata.put("ttl", ttl.toSeconds());
        }
        data.set(METADATA, metadata);
        return data;
    }

    /** Appends {@code {timestamp, reason, ...}} to {@code _failures}. */
    public static ObjectNode withFailure(ObjectNode data, Failure failure, Instant now) {
        ObjectNode entry = EventCodec.INSTANCE.mapper().createObjectNode();
        entry.put("timestamp", EpochSeconds.fromInstant(now));
        entry.put("reason", failure.reason());
        if (failure.attempts() > 0) {
            entry.put("attempts", failure.attempts());
        }
        if (failure.exceptionClass() != null) {
            entry.put("exception", failure.exceptionClass());
        }
        if (failure.consumer() != null) {
            entry.put("consumer", failure.consumer());
        }
        appendTo(data, FAILURES, entry);
        return data;
    }

    /** Appends {@code {timestamp, from_dlq, to_queue}} to {@code _requeues}. */
    public static ObjectNode withRequeue(ObjectNode data, String fromDlq, String toQueue, Instant now) {
        ObjectNode entry = EventCodec.INSTANCE.mapper().createObjectNode();
        entry.put("timestamp", EpochSeconds.fromInstant(now));
        entry.put("from_dlq", fromDlq);
        entry.put("to_queue", toQueue);
        appendTo(data, REQUEUES, entry);
        return data;
    }

    /** An object holding an unreadable entry's text, so that it can travel as a LeanMQ entry. */
    public static ObjectNode quarantine(String rawText) {
        ObjectNode data = EventCodec.INSTANCE.mapper().createObjectNode();
        data.put(RAW, rawText);
        return data;
    }

    private static void appendTo(ObjectNode data, String field, ObjectNode entry) {
        JsonNode existing = data.get(field);
        ArrayNode list = existing instanceof ArrayNode array ? array : data.putArray(field);
        list.add(entry);
    }
}
