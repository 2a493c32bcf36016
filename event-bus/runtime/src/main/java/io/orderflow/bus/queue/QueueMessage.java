package io.orderflow.bus.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.json.EpochSeconds;
import io.orderflow.eventmodel.json.EventCodec;
import io.orderflow.eventmodel.json.EventFormatException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An entry read from a queue, with its LeanMQ envelope: the caller's JSON object plus
 * {@code _metadata: {id, timestamp, ttl}} and, after a dead-letter trip, {@code _failures} and
 * {@code _requeues}. An entry that is not such an object (no {@code data} field, text that is not
 * JSON) is still a message: it is {@linkplain #isReadable() unreadable} and says why, so that it
 * can be dead-lettered instead of dropped.
 */
public final class QueueMessage {

    private final String queue;
    private final String id;
    private final String rawData;
    private final ObjectNode data;
    private final String defect;
    private final long deliveryCount;

    private QueueMessage(String queue, String id, String rawData, ObjectNode data, String defect, long deliveryCount) {
        this.queue = queue;
        this.id = id;
        this.rawData = rawData;
        this.data = data;
        this.defect = defect;
        this.deliveryCount = deliveryCount;
    }

    public static QueueMessage of(String queue, StreamEntry entry, long deliveryCount) {
        String raw = entry.data();
        if (raw == null) {
            return new QueueMessage(queue, entry.id(), entry.fields().toString(), null,
                    "entry has no 'data' field (fields: " + entry.fields().keySet() + ")", deliveryCount);
        }
        try {
            return new QueueMessage(queue, entry.id(), raw, EventCodec.INSTANCE.parse(raw), null, deliveryCount);
        } catch (EventFormatException e) {
            return new QueueMessage(queue, entry.id(), raw, null, e.getMessage(), deliveryCount);
        }
    }

    /** The queue's name (not its key), e.g. {@code sub:payment-service}. */
    public String queue() {
        return queue;
    }

    /** The stream id, {@code <ms>-<seq>}: what ack, delete, dead-letter and requeue take. */
    public String id() {
        return id;
    }

    /** How many times the group has delivered this entry, this delivery included. */
    public long deliveryCount() {
        return deliveryCount;
    }

    public boolean isReadable() {
        return data != null;
    }

    /** Why the entry cannot be read; empty when it can. */
    public Optional<String> defect() {
        return Optional.ofNullable(defect);
    }

    /** The JSON text exactly as stored. */
    public String rawData() {
        return rawData;
    }

    /** The whole stored object, envelope included (a copy). */
    public ObjectNode data() {
        requireReadable();
        return data.deepCopy();
    }

    /**
     * The event this entry holds, decoded straight from the parsed JSON (no copy: decoding only
     * reads it). Envelope fields are ignored.
     *
     * @throws EventFormatException when the entry is readable JSON but not a valid event
     */
    public Event event() {
        requireReadable();
        return EventCodec.INSTANCE.decode(data);
    }

    /** The caller's object without {@code _metadata}, as LeanMQ's get_messages returns it. */
    public ObjectNode payload() {
        ObjectNode payload = data();
        payload.remove(Envelope.METADATA);
        return payload;
    }

    /** The {@code event_id} as written, without decoding the event: empty when missing or not text. */
    public Optional<String> eventId() {
        return data == null ? Optional.empty()
                : Optional.ofNullable(data.get("event_id")).filter(JsonNode::isTextual).map(JsonNode::textValue);
    }

    public Optional<String> metadataId() {
        return metadata("id").filter(JsonNode::isTextual).map(JsonNode::textValue);
    }

    /** When the entry was written ({@code _metadata.timestamp}). */
    public Optional<Instant> writtenAt() {
        return metadata("timestamp").filter(JsonNode::isNumber)
                .map(n -> EpochSeconds.toInstant(n.decimalValue()));
    }

    public OptionalLong ttlSeconds() {
        return metadata("ttl").filter(JsonNode::isIntegralNumber)
                .map(n -> OptionalLong.of(n.longValue())).orElse(OptionalLong.empty());
    }

    /** Whether the entry was sent with a TTL that has run out by {@code now}. */
    public boolean isExpiredAt(Instant now) {
        OptionalLong ttl = ttlSeconds();
        Optional<Instant> written = writtenAt();
        return ttl.isPresent() && written.isPresent() && written.get().plusSeconds(ttl.getAsLong()).isBefore(now);
    }

    private Optional<JsonNode> metadata(String field) {
        if (data == null) {
            return Optional.empty();
        }
        JsonNode metadata = data.get(Envelope.METADATA);
        return metadata == null ? Optional.empty() : Optional.ofNullable(metadata.get(field)).filter(n -> !n.isNull());
    }

    private void requireReadable() {
        if (data == null) {
            throw new IllegalStateException("entry " + id + " of " + queue + " is unreadable: " + defect);
        }
    }

    @Override
    public String toString() {
        return queue + "/" + id;
    }
}
