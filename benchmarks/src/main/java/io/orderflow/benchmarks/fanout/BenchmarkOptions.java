package io.orderflow.benchmarks.fanout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of the fan-out benchmark. The defaults are the set-up: a backlog of
 * 100,000 events, two subscribers, one distributor reading 500 entries per round trip.
 */
record BenchmarkOptions(int events, int warmupEvents, int distributors, int batchSize, Optional<String> redisUri,
        boolean flush, Optional<Path> redisModule, boolean help) {

    static final int DEFAULT_EVENTS = 100_000;
    static final int DEFAULT_WARMUP_EVENTS = 0;
    static final int DEFAULT_DISTRIBUTORS = 1;
    static final int DEFAULT_BATCH_SIZE = 500;

    static final String USAGE = """
            Usage: benchmarks/run-fanout.sh [options]
              --events N         backlog of OrderCreatedEvents to fan out (default 100000)
              --warmup N         events fanned out first, untimed, so that the timed drain runs on
                                 JIT-compiled code (default 0: the drain includes the warm-up)
              --distributors N   distributor instances draining it at once (default 1)
              --batch N          entries each distributor reads per round trip (default 500)
              --redis URI        use this Redis (redis://host:port) instead of a private redis-server;
                                 its database must be empty (see --flush); its INFO statistics are reset
              --flush            FLUSHDB the --redis database first (it is destroyed!)
              --redis-module F   load Orderflow's Redis module (F: its .so file) into the private
                                 redis-server: the drain is routed by ORDERFLOW.ROUTE, and the same
                                 backlog is drained again by the Lua script for comparison
                                 (run-fanout.sh passes event-bus/redis-module's build)
              --help             this text
            """;

    static BenchmarkOptions parse(String... args) {
        int events = DEFAULT_EVENTS;
        int warmupEvents = DEFAULT_WARMUP_EVENTS;
        int distributors = DEFAULT_DISTRIBUTORS;
        int batchSize = DEFAULT_BATCH_SIZE;
        String redisUri = null;
        boolean flush = false;
        Path redisModule = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            // Both "--events 1000" and "--events=1000".
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--events" -> events = positive(name, inline != null ? inline : value(args, ++i, name));
                case "--warmup" -> warmupEvents = nonNegative(name, inline != null ? inline : value(args, ++i, name));
                case "--distributors" -> distributors = positive(name, inline != null ? inline : value(args, ++i, name));
                case "--batch" -> batchSize = positive(name, inline != null ? inline : value(args, ++i, name));
                case "--redis" -> redisUri = inline != null ? inline : value(args, ++i, name);
                case "--flush" -> flush = true;
                case "--redis-module" -> redisModule = Path.of(inline != null ? inline : value(args, ++i, name));
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option: " + arg);
            }
        }
        if (flush && redisUri == null) {
            throw new IllegalArgumentException("--flush only applies to a server given with --redis");
        }
        if (redisModule != null && redisUri != null) {
            throw new IllegalArgumentException("--redis-module loads into the private redis-server: load it into a --redis "
                    + "server with its own --loadmodule instead");
        }
        if (redisModule != null && !Files.isReadable(redisModule)) {
            throw new IllegalArgumentException("--redis-module: no such file " + redisModule.toAbsolutePath()
                    + " (build it: ./mvnw -pl event-bus/redis-module compile)");
        }
        return new BenchmarkOptions(events, warmupEvents, distributors, batchSize, Optional.ofNullable(redisUri), flush,
                Optional.ofNullable(redisModule).map(m -> m.toAbsolutePath().normalize()), help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int positive(String option, String text) {
        int value = nonNegative(option, text);
        if (value == 0) {
            throw new IllegalArgumentException(option + " needs a positive whole number, not '" + text + "'");
        }
        return value;
    }

    private static int nonNegative(String option, String text) {
        try {
            int value = Integer.parseInt(text.replace("_", "").replace(",", ""));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the option's name.
        }
        throw new IllegalArgumentException(option + " needs a whole number, not '" + text + "'");
    }
}
