package io.orderflow.systemtests.load;

import io.orderflow.systemtests.api.SampleOrders;
import io.orderflow.harness.redis.RespConnection;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline at its maximum rate: {@code clients} HTTP clients POST orders back to back, each
 * waiting for its answer before the next. After a warm-up, a measured window counts the POSTs
 * answered 201 in it (accepted/s) and the orders that became shipped or payment_failed in it
 * (completed/s, from order-service's status indexes at both ends of the window). When completed/s
 * is below accepted/s a backlog grows; the run then waits until it is drained. The sustained
 * figure is end to end: every order the run placed (warm-up and window), all of them finished,
 * divided by the time from the first POST until the last one finished.
 */
final class MaxRateRun {

    /** What the run measured. */
    record Result(int clients, Duration window, long accepted, long refused, long completed, Percentiles postLatency,
            long backlogAtEnd, Duration drainTime, long ordersInRun, Duration runTime) {

        /** Orders placed and finished per second over the whole run, warm-up to drained. */
        double sustainedPerSecond() {
            return ordersInRun / seconds(runTime);
        }

        double acceptedPerSecond() {
            return accepted / seconds(window);
        }

        double completedPerSecond() {
            return completed / seconds(window);
        }
    }

    private final RespConnection redis;
    private final int clients;
    private final Duration warmUp;
    private final Duration window;
    private final OrderPoster poster;

    MaxRateRun(URI orderService, RespConnection redis, int clients, Duration warmUp, Duration window) {
        this.poster = new OrderPoster(orderService);
        this.redis = redis;
        this.clients = clients;
        this.warmUp = warmUp;
        this.window = window;
    }

    Result run() throws InterruptedException {
        OrderStatusCounts counts = new OrderStatusCounts(redis);
        long finishedBefore = counts.finished();
        long start = System.nanoTime();
        long windowStart = start + warmUp.toNanos();
        long windowEnd = windowStart + window.toNanos();
        LongAdder accepted = new LongAdder();
        LongAdder refused = new LongAdder();
        List<List<Duration>> latencies = new ArrayList<>();
        long finishedAtStart;
        long finishedAtEnd;
        // One platform thread per client, blocking on its own connection: no hand-off per request.
        try (ExecutorService pool = Executors.newFixedThreadPool(clients, Thread.ofPlatform().name("load-client-", 0).factory())) {
            for (int c = 0; c < clients; c++) {
                List<Duration> mine = new ArrayList<>();
                latencies.add(mine);
                int client = c;
                pool.submit(() -> postUntil(windowEnd, windowStart, client, accepted, refused, mine));
            }
            sleepUntil(windowStart);
            finishedAtStart = counts.finished();
            sleepUntil(windowEnd);
            finishedAtEnd = counts.finished();
        }
        long backlog = counts.unfinished();
        long drainStart = System.nanoTime();
        while (counts.unfinished() > 0) {
            Thread.sleep(50);
            if (System.nanoTime() - drainStart > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException(counts.unfinished() + " orders still unfinished 5 minutes after the run");
            }
        }
        long drained = System.nanoTime();
        return new Result(clients, window, accepted.sum(), refused.sum(), finishedAtEnd - finishedAtStart,
                Percentiles.of(latencies.stream().flatMap(List::stream).toList()), backlog, Duration.ofNanos(drained - drainStart),
                counts.finished() - finishedBefore, Duration.ofNanos(drained - start));
    }

    private Void postUntil(long end, long windowStart, int client, LongAdder accepted, LongAdder refused, List<Duration> latencies) {
        SplittableRandom random = new SplittableRandom(client);
        while (System.nanoTime() - end < 0) {
            String body = SampleOrders.payable("user-" + client, random);
            long sent = System.nanoTime();
            int status;
            try {
                status = poster.post(body).status();
            } catch (IOException e) {
                status = -1;
            }
            long answered = System.nanoTime();
            if (sent - windowStart >= 0 && answered - end <= 0) {
                if (status == 201) {
                    accepted.increment();
                    latencies.add(Duration.ofNanos(answered - sent));
                } else {
                    refused.increment();
                }
            }
        }
        return null;
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
