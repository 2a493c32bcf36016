package io.orderflow.systemtests.load;

import io.orderflow.systemtests.pipeline.Pipeline;
import io.orderflow.systemtests.process.ServiceJar;
import io.orderflow.systemtests.process.ServiceJvm;
import io.orderflow.harness.redis.RespConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the pipeline on this machine and measures it against issue 4's targets: a private
 * redis-server and one instance of each service (simulated delays 0, every payment succeeding),
 * started one at a time so that each one's time to ready is its own; then the maximum-rate run,
 * then the fixed-rate latency run, then the memory of each process. Each run also reports what an
 * order cost every process in CPU time and Redis commands, which says where the time goes. Prints
 * a Markdown table and writes it, with the settings, to {@code system-tests/target/load-driver/report.md}
 * (service logs go to the same directory). Run it with {@code system-tests/run-load.sh}.
 */
public final class LoadDriver {

    /** What a run returned, and what the orders it handled cost. */
    private record Costed<T>(T result, CpuPerOrder cost) {
    }

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path output = ServiceJar.repositoryRoot().resolve("system-tests/target/load-driver");
        Files.createDirectories(output);
        String context = "Orderflow load driver, " + Instant.now() + "\n"
                + "JDK " + Runtime.version() + " (" + System.getProperty("java.home") + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average at the start " + loadAverage() + "\n"
                + "Settings: " + options + "; simulated delays 0, success rate 1.0; services' JVM options: "
                + ServiceJvm.VARIABLE + "=\"" + ServiceJvm.OPTIONS + "\"";
        System.out.println(context);

        try (Pipeline pipeline = Pipeline.builder(output)
                .env("ORDERFLOW_PAYMENT_DELAY", "0s")
                .env("ORDERFLOW_SHIPPING_DELAY", "0s")
                .env("ORDERFLOW_PAYMENT_SUCCESS_RATE", "1.0")
                .oneAtATime()
                .onReady(instance -> System.out.printf("%s ready in %.2f s (pid %d)%n", instance.name(),
                        MaxRateRun.seconds(instance.timeToReady()), instance.pid()))
                .start();
                RespConnection redis = pipeline.openRedis()) {

            System.out.printf("%nMaximum rate: %d clients, %d s warm-up, %d s window...%n", options.clients(),
                    options.warmUp().toSeconds(), options.window().toSeconds());
            Costed<MaxRateRun.Result> max = costed(pipeline, redis,
                    new MaxRateRun(pipeline.orders().base(), redis, options.clients(), options.warmUp(), options.window())::run);
            printMaxRate(max);

            System.out.printf("%nFixed rate: %d orders/s for %d s...%n", options.rate(), options.fixedDuration().toSeconds());
            Costed<FixedRateRun.Result> fixed = costed(pipeline, redis,
                    new FixedRateRun(pipeline.orders().base(), options.rate(), options.fixedDuration())::run);
            printFixedRate(fixed);

            List<InstanceFigures> instances = pipeline.allInstances().stream().map(InstanceFigures::of).toList();
            String table = new LoadReport(max.result(), max.cost(), fixed.result(), fixed.cost(), instances).markdown()
                    + "\nWhere POST-to-shipped went at " + options.rate() + " orders/s, stage by stage (from the bus's trail):\n\n"
                    + fixed.result().stages(pipeline.orders().base()).markdown();
            String end = "Load average at the end " + loadAverage();
            System.out.println();
            System.out.println(table);
            System.out.println(end);
            Path report = output.resolve("report.md");
            Files.writeString(report, context + "\n" + end + "\n\n" + table);
            System.out.println("Written to " + report + "; service logs in " + output);
        }
        // The HTTP clients' selector threads would otherwise keep the JVM for a while.
        System.exit(0);
    }

    /** Runs {@code run} and measures the CPU time and Redis commands spent per order finished meanwhile. */
    private static <T> Costed<T> costed(Pipeline pipeline, RespConnection redis, Callable<T> run) throws Exception {
        OrderStatusCounts counts = new OrderStatusCounts(redis);
        CpuUse before = CpuUse.now(pipeline.allInstances(), redis);
        long finishedBefore = counts.finished();
        T result = run.call();
        CpuUse used = CpuUse.now(pipeline.allInstances(), redis).since(before);
        return new Costed<>(result, new CpuPerOrder(used, counts.finished() - finishedBefore));
    }

    private static void printMaxRate(Costed<MaxRateRun.Result> run) {
        MaxRateRun.Result max = run.result();
        System.out.printf("  window: accepted %d (%.0f/s), refused %d, finished %d (%.0f/s), POST %s%n"
                + "  backlog at the end %d, drained in %.1f s; sustained %.0f orders/s (%d orders in %.1f s)%n",
                max.accepted(), max.acceptedPerSecond(), max.refused(), max.completed(), max.completedPerSecond(),
                max.postLatency(), max.backlogAtEnd(), MaxRateRun.seconds(max.drainTime()), max.sustainedPerSecond(),
                max.ordersInRun(), MaxRateRun.seconds(max.runTime()));
        printCost(run.cost());
    }

    private static void printFixedRate(Costed<FixedRateRun.Result> run) {
        FixedRateRun.Result fixed = run.result();
        System.out.printf("  sent %d, failed %d, worst schedule lag %s%n  POST to shipped: %s%n  POST to OrderShippedEvent: %s%n"
                + "  POST round trip: %s%n", fixed.sent(), fixed.failed(), Millis.of(fixed.worstScheduleLag()), fixed.toShipped(),
                fixed.toShipmentEvent(), fixed.postRoundTrip());
        printCost(run.cost());
    }

    private static void printCost(CpuPerOrder cost) {
        System.out.printf("  CPU per order: %s%n  Redis commands per order: %.1f (%s)%n", cost, cost.redisCommandsPerOrder(),
                cost.topRedisCommandsPerOrder(12));
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3)) : "unknown";
    }
}
