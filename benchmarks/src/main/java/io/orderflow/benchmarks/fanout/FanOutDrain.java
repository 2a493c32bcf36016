package io.orderflow.benchmarks.fanout;

import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.bus.distributor.Distributor;
import io.orderflow.bus.metrics.BusMetrics;
import io.orderflow.bus.queue.Queues;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times distributors draining the backlog: from their start until {@code all-group} has neither
 * unread nor unacknowledged entries. The distributors are the production class with the
 * application's configuration; only their number, names and batch size come from the command line.
 */
final class FanOutDrain {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** No entry read or acknowledged for this long means the distributors are stuck, not slow. */
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    /** The wall time of the drain, and whether the Redis module routed it (else the Lua script did). */
    record Drain(long events, int distributors, int batchSize, double seconds, boolean routedByModule) {

        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private final Queues queues;
    private final BusMetrics metrics;
    private final EventBusConfig config;
    private final PrintStream out;

    FanOutDrain(Queues queues, BusMetrics metrics, EventBusConfig config, PrintStream out) {
        this.queues = queues;
        this.metrics = metrics;
        this.config = config;
        this.out = out;
    }

    /** Drains the backlog with the application's configuration: the module routes it where Redis has it. */
    Drain run(long events, int count, int batchSize) {
        return run(events, count, batchSize, config.distributor().redisModule());
    }

    Drain run(long events, int count, int batchSize, boolean redisModule) {
        List<Distributor> distributors = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            distributors.add(distributor("bench-distributor-" + i, batchSize, redisModule));
        }
        long start = System.nanoTime();
        distributors.forEach(Distributor::start);
        try {
            waitUntilDrained(start, distributors);
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean byModule = distributors.stream().allMatch(d -> d.routedByModule().orElse(false));
            return new Drain(events, count, batchSize, seconds, byModule);
        } finally {
            // Stop them all at once: each may sit in a blocking read for up to the block time.
            distributors.parallelStream().forEach(d -> d.stop(config.distributor().block().plusSeconds(1)));
        }
    }

    private Distributor distributor(String consumer, int batchSize, boolean redisModule) {
        return new Distributor(queues, metrics, consumer, batchSize, config.distributor().block(), config.claimIdle(),
                config.retry().maxAttempts(), config.reconnectBackoff(), config.reconnectMaxBackoff(), Clock.systemUTC(),
                config.trail().enabled(), redisModule);
    }

    private void waitUntilDrained(long start, List<Distributor> distributors) {
        CentralGroupState last = null;
        long lastChange = System.nanoTime();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        while (true) {
            CentralGroupState state = CentralGroupState.of(queues);
            long now = System.nanoTime();
            if (state.drained()) {
                return;
            }
            if (!state.equals(last)) {
                last = state;
                lastChange = now;
            } else if (now - lastChange > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("the distributors made no progress for " + STALL_LIMIT.toSeconds()
                        + " s (" + state + "); their last errors: "
                        + distributors.stream().map(d -> String.valueOf(d.lastError())).toList());
            }
            if (now >= nextProgress) {
                double seconds = (now - start) / 1e9;
                long done = Math.max(0, state.entriesRead() - state.pending());
                out.printf("  ... %.1f s: %,d fanned out, %,d in flight, %,d unread (%,.0f events/s so far)%n",
                        seconds, done, state.pending(), state.lag(), done / seconds);
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            sleep(POLL);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the drain", e);
        }
    }
}
