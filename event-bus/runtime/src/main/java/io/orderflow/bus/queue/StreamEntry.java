package io.orderflow.bus.queue;

import java.util.Map;

/** One stream entry as Redis returns it: its id and its field-value pairs. */
public record StreamEntry(String id, Map<String, String> fields) {

    /** The field LeanMQ keeps the JSON in, or null when the entry has none. */
    public String data() {
        return fields.get("data");
    }
}
