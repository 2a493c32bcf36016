package io.orderflow.bus.queue;

import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the replies of the stream commands, in either protocol (RESP2 arrays, RESP3 maps). */
public final class StreamReplies {

    private StreamReplies() {
    }

    /** XREADGROUP / XREAD: the entries of the one stream read, or none when the read timed out. */
    public static List<StreamEntry> readReply(Response reply) {
        if (reply == null || reply.size() == 0) {
            return List.of();
        }
        Response streamEntries;
        if (!reply.getKeys().isEmpty()) {
            streamEntries = reply.get(reply.getKeys().iterator().next());
        } else {
            streamEntries = reply.get(0).get(1);
        }
        return entries(streamEntries);
    }

    /** XRANGE / XREVRANGE, the entries part of XAUTOCLAIM / XCLAIM, or a script's list of [id, fields]. */
    public static List<StreamEntry> entries(Response list) {
        if (list == null) {
            return List.of();
        }
        List<StreamEntry> entries = new ArrayList<>(list.size());
        for (Response entry : list) {
            // XCLAIM reports entries deleted meanwhile as nil.
            if (entry == null || entry.size() < 2) {
                continue;
            }
            entries.add(new StreamEntry(entry.get(0).toString(), fields(entry.get(1))));
        }
        return entries;
    }

    private static Map<String, String> fields(Response pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (pairs == null) {
            return fields;
        }
        if (!pairs.getKeys().isEmpty()) {
            for (String key : pairs.getKeys()) {
                Response value = pairs.get(key);
                fields.put(key, value == null ? null : value.toString());
            }
            return fields;
        }
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            fields.put(pairs.get(i).toString(), pairs.get(i + 1) == null ? null : pairs.get(i + 1).toString());
        }
        return fields;
    }

    /** HGETALL in either protocol. */
    static Map<String, String> hash(Response reply) {
        return fields(reply);
    }
}
