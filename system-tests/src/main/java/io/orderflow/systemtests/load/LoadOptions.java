package io.orderflow.systemtests.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The driver's knobs, from {@code --name value} arguments; every one has a default. */
record LoadOptions(int clients, Duration warmUp, Duration window, int rate, Duration fixedDuration) {

    static final String USAGE = """
            Usage: LoadDriver [--clients 32] [--warm-up-seconds 30] [--window-seconds 30] [--rate 100] [--fixed-seconds 20]
              --clients          concurrent HTTP clients of the maximum-rate run
              --warm-up-seconds  load before the measured window (JIT compilation, connection pools)
              --window-seconds   measured window of the maximum-rate run
              --rate             orders per second of the latency run
              --fixed-seconds    length of the latency run""";

    private static final Set<String> NAMES = Set.of("clients", "warm-up-seconds", "window-seconds", "rate", "fixed-seconds");

    static LoadOptions parse(String... args) {
        Map<String, Integer> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!NAMES.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'\n" + USAGE);
            }
            try {
                values.put(name, Integer.parseInt(args[++i]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + args[i] + "'\n" + USAGE);
            }
        }
        return new LoadOptions(values.getOrDefault("clients", 32),
                Duration.ofSeconds(values.getOrDefault("warm-up-seconds", 30)),
                Duration.ofSeconds(values.getOrDefault("window-seconds", 30)),
                values.getOrDefault("rate", 100),
                Duration.ofSeconds(values.getOrDefault("fixed-seconds", 20)));
    }
}
