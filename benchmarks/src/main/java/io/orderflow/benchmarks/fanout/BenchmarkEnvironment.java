package io.orderflow.benchmarks.fanout;

import io.quarkus.redis.datasource.RedisDataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a figure depends on besides the code, printed with it so that runs can be compared: the
 * command, the JVM, the CPU and how busy the machine was, the Redis version.
 */
record BenchmarkEnvironment(String command, String jvm, String cpu, String load, String redis) {

    /** Set by run-fanout.sh, so that the command printed is the one to type again. */
    static final String LAUNCHER_VARIABLE = "ORDERFLOW_BENCHMARK_LAUNCHER";
    private static final String DEFAULT_LAUNCHER = "java -jar benchmarks/target/quarkus-app/quarkus-run.jar";

    static BenchmarkEnvironment describe(String[] args, RedisDataSource redis, String redisLocation) {
        String launcher = Optional.ofNullable(System.getenv(LAUNCHER_VARIABLE)).filter(s -> !s.isBlank()).orElse(DEFAULT_LAUNCHER);
        String command = args.length == 0 ? launcher : launcher + " " + String.join(" ", args);
        Runtime runtime = Runtime.getRuntime();
        String jvm = System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.vm.vendor")
                + "), max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB, options "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
        String cpu = runtime.availableProcessors() + " cores" + cpuModel().map(m -> ", " + m).orElse("");
        String load = firstLine(Path.of("/proc/loadavg"))
                .map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 3)) + " (1/5/15 min, before the run)")
                .orElse("unknown");
        return new BenchmarkEnvironment(command, jvm, cpu, load, "Redis " + redisVersion(redis) + ", " + redisLocation);
    }

    private static String redisVersion(RedisDataSource redis) {
        for (String line : redis.execute("INFO", "server").toString().split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                return line.substring("redis_version:".length()).trim();
            }
        }
        return "?";
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
