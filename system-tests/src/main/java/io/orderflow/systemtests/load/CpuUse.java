package io.orderflow.systemtests.load;

import io.orderflow.systemtests.process.ServiceProcess;
import io.orderflow.harness.redis.RespConnection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used so far by each part of the system under test: every service process, the Redis
 * server (from its own INFO cpu) and this driver; and the commands Redis has executed. The difference of two snapshots, divided by the
 * orders handled in between, says what one order costs each part; on a machine shared with other
 * work that is a steadier figure than throughput, and it shows where the time goes.
 */
record CpuUse(Map<String, Duration> byPart, Map<String, Long> redisCalls) {

    static final String REDIS = "redis-server";
    static final String DRIVER = "load driver";

    static CpuUse now(List<ServiceProcess> instances, RespConnection redis) {
        Map<String, Duration> parts = new LinkedHashMap<>();
        for (ServiceProcess instance : instances) {
            parts.put(instance.name(), ProcessHandle.of(instance.pid()).flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO));
        }
        parts.put(REDIS, redisCpu(redis));
        parts.put(DRIVER, ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return new CpuUse(parts, redisCalls(redis));
    }

    /** The CPU each part used between {@code earlier} and this snapshot. */
    CpuUse since(CpuUse earlier) {
        Map<String, Duration> parts = new LinkedHashMap<>();
        byPart.forEach((part, used) -> parts.put(part, used.minus(earlier.byPart.getOrDefault(part, Duration.ZERO))));
        Map<String, Long> calls = new LinkedHashMap<>();
        redisCalls.forEach((command, count) -> calls.put(command, count - earlier.redisCalls.getOrDefault(command, 0L)));
        return new CpuUse(parts, calls);
    }

    Duration total() {
        return byPart.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    long redisCommands() {
        return redisCalls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Commands Redis has executed since it started, by command: "cmdstat_xadd:calls=12,..." of INFO commandstats. */
    private static Map<String, Long> redisCalls(RespConnection redis) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : ((String) redis.call("INFO", "commandstats")).split("\r\n")) {
            int at = line.indexOf("calls=");
            if (line.startsWith("cmdstat_") && at >= 0) {
                int end = line.indexOf(',', at);
                calls.put(line.substring("cmdstat_".length(), line.indexOf(':')),
                        Long.parseLong(line.substring(at + "calls=".length(), end < 0 ? line.length() : end)));
            }
        }
        return calls;
    }

    /** "used_cpu_sys:1.23" and "used_cpu_user:4.56" of INFO cpu, in seconds. */
    private static Duration redisCpu(RespConnection redis) {
        double seconds = 0;
        for (String line : ((String) redis.call("INFO", "cpu")).split("\r\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
