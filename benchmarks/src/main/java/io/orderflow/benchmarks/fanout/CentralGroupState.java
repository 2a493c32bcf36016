package io.orderflow.benchmarks.fanout;

import io.orderflow.bus.queue.QueueKeys;
import io.orderflow.bus.queue.Queues;
import java.util.Map;
import java.util.Objects;

/**
 * Where the distributors' group {@code all-group} stands on the central stream, from XINFO
 * GROUPS: how many entries it has read, how many are still unacknowledged, how many are unread.
 */
record CentralGroupState(long entriesRead, long pending, long lag) {

    /** Lag Redis could not compute (it can after deletions); then the last ids are compared. */
    static final long UNKNOWN = -1;

    static CentralGroupState of(Queues queues) {
        QueueKeys central = queues.keys().central();
        Map<String, String> group = queues.groups(central.stream()).stream()
                .filter(g -> central.group().equals(g.get("name")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("group " + central.group() + " is missing on " + central.stream()));
        long pending = number(group.get("pending"));
        long lag = number(group.get("lag"));
        if (lag == UNKNOWN) {
            lag = Objects.equals(group.get("last-delivered-id"), lastGeneratedId(queues, central.stream())) ? 0 : UNKNOWN;
        }
        return new CentralGroupState(number(group.get("entries-read")), pending, lag);
    }

    /** Every entry was read by the group and acknowledged: the backlog is fanned out. */
    boolean drained() {
        return lag == 0 && pending == 0;
    }

    private static String lastGeneratedId(Queues queues, String stream) {
        var reply = queues.redis().execute("XREVRANGE", stream, "+", "-", "COUNT", "1");
        return reply.size() == 0 ? null : reply.get(0).get(0).toString();
    }

    private static long number(String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
