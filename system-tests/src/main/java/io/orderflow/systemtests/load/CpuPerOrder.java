package io.orderflow.systemtests.load;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one order cost each part of the system in CPU time, and in Redis commands (each one a
 * network round trip unless pipelined), over a run that handled {@code orders} orders.
 */
record CpuPerOrder(CpuUse used, long orders) {

    double redisCommandsPerOrder() {
        return orders == 0 ? 0 : (double) used.redisCommands() / orders;
    }

    /** The most frequent Redis commands, per order: "xreadgroup 9.1, exec 6.0, ...". */
    String topRedisCommandsPerOrder(int count) {
        return used.redisCalls().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(count)
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), orders == 0 ? 0.0 : (double) e.getValue() / orders))
                .collect(Collectors.joining(", "));
    }

    Duration of(String part) {
        return orders == 0 ? Duration.ZERO : used.byPart().get(part).dividedBy(orders);
    }

    Duration total() {
        return orders == 0 ? Duration.ZERO : used.total().dividedBy(orders);
    }

    /**
     * The throughput at which this cost would use every CPU fully: an upper bound that ignores
     * waiting, other work on the machine and the driver's own share.
     */
    double ordersPerSecondOn(int cpus) {
        long nanos = total().toNanos();
        return nanos == 0 ? 0 : cpus * 1e9 / nanos;
    }

    @Override
    public String toString() {
        return used.byPart().keySet().stream().map(part -> part + " " + Millis.of(of(part)))
                .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, "; total %s over %d orders", Millis.of(total()), orders);
    }
}
