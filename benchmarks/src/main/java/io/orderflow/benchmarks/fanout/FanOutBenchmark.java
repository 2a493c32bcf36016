package io.orderflow.benchmarks.fanout;

import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.queue.Queues;
import io.orderflow.harness.redis.PrivateRedisServer;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Distributor fan-out against the raw XADD ceiling of the same Redis, in one process: measures
 * redis-benchmark's XADD rate, seeds a backlog on the central stream, times distributors
 * fanning it out to two subscriber queues, checks every copy arrived, and prints both rates and
 * their ratio. A benchmark, not a test: it exits 0 whatever the verdict, and 1 only when the
 * run itself fails (wrong fan-out, Redis unreachable).
 */
@QuarkusMain
public class FanOutBenchmark implements QuarkusApplication {

    private static final String PRIVATE_REDIS_PROPERTY = "orderflow.benchmark.private-redis";

    @Inject
    Queues queues;

    @Inject
    BusMetrics metrics;

    @Inject
    EventBusConfig config;

    @Inject
    Redis redisClient;

    /**
     * Starts the private redis-server before Quarkus, since the Redis client reads its address
     * at startup; {@code --redis} uses a running server instead.
     */
    public static void main(String... args) {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchmarkOptions.USAGE);
            return;
        }
        PrivateRedisServer privateRedis = null;
        if (options.redisUri().isPresent()) {
            System.setProperty("quarkus.redis.hosts", options.redisUri().get());
        } else {
            privateRedis = options.redisModule()
                    .map(module -> PrivateRedisServer.startNew("--loadmodule", module.toString()))
                    .orElseGet(PrivateRedisServer::startNew);
            System.setProperty("quarkus.redis.hosts", privateRedis.uri());
            System.setProperty(PRIVATE_REDIS_PROPERTY, privateRedis.description());
            // A Ctrl-C must not leave the redis-server child running.
            Runtime.getRuntime().addShutdownHook(new Thread(privateRedis::close, "private-redis-stop"));
        }
        AtomicInteger exitCode = new AtomicInteger();
        try {
            Quarkus.run(FanOutBenchmark.class, (code, failure) -> {
                if (failure != null) {
                    failure.printStackTrace();
                }
                exitCode.set(code);
            }, args);
        } finally {
            if (privateRedis != null) {
                privateRedis.close();
            }
        }
        System.exit(exitCode.get());
    }

    @Override
    public int run(String... args) {
        PrintStream out = System.out;
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        String redisUri = ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class).split(",")[0];
        RedisEndpoint endpoint = RedisEndpoint.of(redisUri);
        String location = System.getProperty(PRIVATE_REDIS_PROPERTY, "given with --redis: " + endpoint);
        FanOutTopology topology = new FanOutTopology(queues);
        try {
            BenchmarkEnvironment environment = BenchmarkEnvironment.describe(args, queues.redis(), location);
            printHeader(out, environment, options);
            topology.requireEmptyDatabase(options.flush());

            RawXaddCeiling.Result ceiling = new RawXaddCeiling(endpoint, queues.redis()).measure();
            out.printf("raw ceiling: %s -> %,.0f ops/s%n", ceiling.command(), ceiling.opsPerSecond());

            topology.create();
            FanOutDrain drainer = new FanOutDrain(queues, metrics, config, out);
            if (options.warmupEvents() > 0) {
                warmUp(out, topology, drainer, options);
            }
            BacklogSeeder.Backlog backlog = new BacklogSeeder(queues).seed(options.events());
            out.printf("backlog: %,d events in events:all (event %.0f bytes, stored entry %.0f bytes on average), "
                    + "seeded in %.2f s%n", backlog.events(), backlog.averageEventBytes(), backlog.averageEntryBytes(),
                    backlog.seconds());

            RawXaddCeiling.Result entryCeiling = new RawXaddCeiling(endpoint, queues.redis())
                    .measure("data", backlog.sampleEntry());
            out.printf("raw ceiling with a real entry: %s -> %,.0f ops/s%n", entryCeiling.command(),
                    entryCeiling.opsPerSecond());

            out.printf("draining with %d distributor(s), batch %d ...%n", options.distributors(), options.batchSize());
            DrainCost cost = DrainCost.start(queues.redis());
            FanOutDrain.Drain drain = drainer.run(options.events(), options.distributors(), options.batchSize());
            cost.print(out, drain.seconds(), drain.events());
            topology.verifyFannedOut(options.events());
            out.printf("verified: each of %s holds exactly %,d entries, nothing dead-lettered; routed by %s%n",
                    FanOutTopology.SUBSCRIBER_QUEUES, options.events(), FanOutReport.routing(drain));

            Optional<FanOutDrain.Drain> scriptDrain = Optional.empty();
            if (drain.routedByModule()) {
                scriptDrain = Optional.of(drainWithScript(out, topology, drainer, options));
            }

            // Measured again after the drain: on a shared machine one measurement can catch a busy
            // moment, and a low ceiling would flatter the ratio.
            RawXaddCeiling.Result ceilingAfter = new RawXaddCeiling(endpoint, queues.redis()).measure();
            out.printf("raw ceiling again after the drain: %,.0f ops/s%n", ceilingAfter.opsPerSecond());

            out.printf("bound: the backlog copied again by %d workers, %,d entries a batch, "
                    + "fastest of %d runs per variant ...%n", CopyBound.WORKERS, CopyBound.BATCH, CopyBound.RUNS);
            List<CopyBound.Result> bound = new CopyBound(endpoint, redisClient, queues).measure(options.events());

            new FanOutReport(ceiling, ceilingAfter, entryCeiling, backlog, drain, scriptDrain, bound).print(out);
            return 0;
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("BENCHMARK FAILED: " + e.getMessage());
            // The benchmark's own checks say all there is to say; anything else gets its trace.
            if (!(e instanceof IllegalStateException || e instanceof IllegalArgumentException)) {
                e.printStackTrace();
            }
            return 1;
        } finally {
            if (options.redisUri().isPresent()) {
                topology.remove();
            }
        }
    }

    /**
     * The same backlog drained again with the module turned off, so that the Lua script routes it:
     * the comparison in the same run, on the same server. It runs second, on a JVM the first drain
     * has warmed, which favours the script.
     */
    private FanOutDrain.Drain drainWithScript(PrintStream out, FanOutTopology topology, FanOutDrain drainer,
            BenchmarkOptions options) {
        topology.reset();
        new BacklogSeeder(queues).seed(options.events());
        out.printf("draining the same backlog again with the Lua script (module turned off) ...%n");
        DrainCost cost = DrainCost.start(queues.redis());
        FanOutDrain.Drain drain = drainer.run(options.events(), options.distributors(), options.batchSize(), false);
        cost.print(out, drain.seconds(), drain.events());
        topology.verifyFannedOut(options.events());
        return drain;
    }

    /** Runs the whole fan-out path on a smaller backlog, untimed, then empties the queues again. */
    private void warmUp(PrintStream out, FanOutTopology topology, FanOutDrain drainer, BenchmarkOptions options) {
        new BacklogSeeder(queues).seed(options.warmupEvents());
        FanOutDrain.Drain warm = drainer.run(options.warmupEvents(), options.distributors(), options.batchSize());
        topology.verifyFannedOut(options.warmupEvents());
        topology.reset();
        out.printf("warm-up: %,d events fanned out in %.2f s (%,.0f events/s), not counted%n", warm.events(),
                warm.seconds(), warm.eventsPerSecond());
    }

    private static void printHeader(PrintStream out, BenchmarkEnvironment environment, BenchmarkOptions options) {
        out.println("Orderflow distributor fan-out benchmark");
        out.println("  command      " + environment.command());
        out.println("  jvm          " + environment.jvm());
        out.println("  cpu          " + environment.cpu());
        out.println("  load         " + environment.load());
        out.println("  redis        " + environment.redis());
        out.printf("  set-up       %,d OrderCreatedEvents, %d subscribers %s, %d distributor(s), batch %d, warm-up %,d events%n",
                options.events(), FanOutTopology.SUBSCRIBER_QUEUES.size(), FanOutTopology.SUBSCRIBER_QUEUES,
                options.distributors(), options.batchSize(), options.warmupEvents());
        out.println();
    }
}
