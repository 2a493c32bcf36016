package io.orderflow.systemtests.redis;

import io.orderflow.harness.redis.RespConnection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the bus still holds that is not done: entries delivered but not acknowledged, per consumer
 * group of every queue ({@code all-group}, {@code sub:<service>-group}), and entries in every
 * dead-letter queue. Read straight from Redis, with the queue names from {@code events:registry}.
 */
public record BusBacklog(Map<String, Long> pendingByGroup, Map<String, Long> deadLettersByQueue) {

    private static final String PREFIX = "events:";

    public static BusBacklog read(RespConnection redis) {
        Map<String, Long> pending = new TreeMap<>();
        Map<String, Long> deadLetters = new TreeMap<>();
        for (Object member : redis.callForList("SMEMBERS", PREFIX + "registry")) {
            String stream = (String) member;
            String queue = stream.substring(PREFIX.length());
            if (queue.endsWith(":dlq")) {
                deadLetters.put(stream, redis.callForLong("XLEN", stream));
            } else {
                String group = queue + "-group";
                // XPENDING <stream> <group> answers [count, smallest id, greatest id, per-consumer counts].
                pending.put(group, (Long) redis.callForList("XPENDING", stream, group).get(0));
            }
        }
        return new BusBacklog(Collections.unmodifiableMap(pending), Collections.unmodifiableMap(deadLetters));
    }

    /** Whether every group has acknowledged everything it was given and no DLQ holds anything. */
    public boolean isEmpty() {
        return pendingByGroup.values().stream().allMatch(n -> n == 0)
                && deadLettersByQueue.values().stream().allMatch(n -> n == 0);
    }

    public long pending(String group) {
        return pendingByGroup.getOrDefault(group, 0L);
    }
}
