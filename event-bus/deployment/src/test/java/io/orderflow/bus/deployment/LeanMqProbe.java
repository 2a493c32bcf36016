package io.orderflow.bus.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.eventmodel.json.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** What the Python reference wrote and returned, from shared/leanmq/vectors.json (see the resource's _source). */
final class LeanMqProbe {

    private static JsonNode root;

    private LeanMqProbe() {
    }

    static synchronized JsonNode get(String field) {
        if (root == null) {
            try (InputStream in = LeanMqProbe.class.getResourceAsStream("/leanmq-probe.json")) {
                root = EventCodec.INSTANCE.mapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root.get(field);
    }
}
