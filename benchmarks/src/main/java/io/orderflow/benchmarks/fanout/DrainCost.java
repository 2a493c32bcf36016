package io.orderflow.benchmarks.fanout;

import com.sun.management.OperatingSystemMXBean;
import io.quarkus.redis.datasource.RedisDataSource;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the drain's time went (or a run of the bound's): CPU seconds Redis and this JVM spent
 * during it, and Redis's time per command (Lua scripts' inner commands included). Tells a
 * distributor bound by Redis from one bound by its own Java work or by waiting on round trips.
 */
final class DrainCost {

    /** One command's share of Redis's time during the drain. */
    record CommandCost(String command, long calls, long micros) {
    }

    private static final int TOP_COMMANDS = 6;

    private final RedisDataSource redis;
    private final double redisCpuBefore;
    private final long jvmCpuBefore;

    private DrainCost(RedisDataSource redis, double redisCpuBefore, long jvmCpuBefore) {
        this.redis = redis;
        this.redisCpuBefore = redisCpuBefore;
        this.jvmCpuBefore = jvmCpuBefore;
    }

    /** Starts counting: resets Redis's command statistics, so that they hold only the drain. */
    static DrainCost start(RedisDataSource redis) {
        redis.execute("CONFIG", "RESETSTAT");
        return new DrainCost(redis, redisCpuSeconds(redis), jvmCpuNanos());
    }

    /** CPU time Redis and this JVM spent per event since the start, in microseconds. */
    record PerEvent(double redisMicros, double jvmMicros) {
    }

    PerEvent perEvent(long events) {
        Spent spent = spent();
        return new PerEvent(1e6 * spent.redisSeconds() / events, 1e6 * spent.jvmSeconds() / events);
    }

    /** CPU seconds Redis and this JVM spent since the start. */
    private record Spent(double redisSeconds, double jvmSeconds) {
    }

    private Spent spent() {
        return new Spent(redisCpuSeconds(redis) - redisCpuBefore, (jvmCpuNanos() - jvmCpuBefore) / 1e9);
    }

    void print(PrintStream out, double wallSeconds, long events) {
        Spent spent = spent();
        double redisCpu = spent.redisSeconds();
        double jvmCpu = spent.jvmSeconds();
        out.println();
        out.println("Where the drain's time went (CPU seconds during the drain):");
        out.printf("  redis-server  %6.2f s  (%3.0f %% of wall time, %.1f us per event)%n", redisCpu,
                100 * redisCpu / wallSeconds, 1e6 * redisCpu / events);
        out.printf("  this JVM      %6.2f s  (%3.0f %% of wall time, %.1f us per event; all threads, GC and JIT included)%n",
                jvmCpu, 100 * jvmCpu / wallSeconds, 1e6 * jvmCpu / events);
        out.println("  Redis time per command (commandstats; calls inside Lua scripts counted too):");
        for (CommandCost cost : commandCosts().stream().limit(TOP_COMMANDS).toList()) {
            out.printf("    %-12s %,10d calls %8.2f s  %6.2f us/call%n", cost.command(), cost.calls(), cost.micros() / 1e6,
                    cost.calls() == 0 ? 0 : (double) cost.micros() / cost.calls());
        }
    }

    private List<CommandCost> commandCosts() {
        List<CommandCost> costs = new ArrayList<>();
        for (String line : redis.execute("INFO", "commandstats").toString().split("\r?\n")) {
            // cmdstat_xadd:calls=200000,usec=300000,usec_per_call=1.50,...
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String command = line.substring("cmdstat_".length(), line.indexOf(':'));
            Map<String, String> fields = new HashMap<>();
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                String[] pair = field.split("=", 2);
                if (pair.length == 2) {
                    fields.put(pair[0], pair[1]);
                }
            }
            costs.add(new CommandCost(command, Long.parseLong(fields.getOrDefault("calls", "0")),
                    Long.parseLong(fields.getOrDefault("usec", "0"))));
        }
        costs.sort(Comparator.comparingLong(CommandCost::micros).reversed());
        return costs;
    }

    private static double redisCpuSeconds(RedisDataSource redis) {
        double seconds = 0;
        for (String line : redis.execute("INFO", "cpu").toString().split("\r?\n")) {
            // The server's own threads; the children (fork for persistence) are off in the benchmark.
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
    }
}
