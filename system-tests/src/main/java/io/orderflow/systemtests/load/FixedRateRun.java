package io.orderflow.systemtests.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orderflow.systemtests.api.JsonHttp;
import io.orderflow.systemtests.api.OrderApi;
import io.orderflow.systemtests.api.SampleOrders;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * POST-to-shipped latency at a fixed rate. Orders are sent on a fixed schedule (order n at
 * start + n/rate, each on its own thread, so a slow answer never delays the next order). For
 * each order the wall-clock instant just before its POST is kept; once all are shipped, the
 * latency is the order's {@code updated_at} (when order-service recorded it as shipped, from the
 * server's clock, the same clock on this machine) minus that instant. Polling only finds out
 * that an order is done; it adds nothing to the figure. Also measured: to the OrderShippedEvent
 * ({@code shipped_at}, when shipping-service published it), and the POST round trip.
 */
final class FixedRateRun {

    /** What the run measured. */
    record Result(int rate, Duration duration, int sent, int failed, Percentiles toShipped, Percentiles toShipmentEvent,
            Percentiles postRoundTrip, Duration worstScheduleLag, List<StageBreakdown.Placed> placed) {

        /** Where the time went, stage by stage; reads every order's trail, so call it after measuring CPU. */
        StageBreakdown stages(URI orderService) {
            return StageBreakdown.of(new JsonHttp(), orderService, placed);
        }
    }

    private record Sent(String orderId, Instant sentAt, Duration roundTrip) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrderApi reader;
    private final int rate;
    private final Duration duration;
    private final OrderPoster poster;

    FixedRateRun(URI orderService, int rate, Duration duration) {
        this.poster = new OrderPoster(orderService);
        this.reader = new OrderApi(new JsonHttp(), orderService);
        this.rate = rate;
        this.duration = duration;
    }

    Result run() throws InterruptedException {
        int total = (int) (rate * duration.toNanos() / 1_000_000_000L);
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>(total));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long intervalNanos = 1_000_000_000L / rate;
        long worstLag = 0;
        SplittableRandom random = new SplittableRandom(42);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (int n = 0; n < total; n++) {
                long due = start + n * intervalNanos;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                worstLag = Math.max(worstLag, System.nanoTime() - due);
                String body = SampleOrders.payable("user-" + (n % 50), random);
                senders.submit(() -> send(body, sent, failures));
            }
        }
        Timings timings = awaitShipped(sent);
        return new Result(rate, duration, total, failures.size(), Percentiles.of(timings.toShipped),
                Percentiles.of(timings.toEvent), Percentiles.of(sent.stream().map(Sent::roundTrip).toList()),
                Duration.ofNanos(worstLag), sent.stream().map(s -> new StageBreakdown.Placed(s.orderId(), s.sentAt())).toList());
    }

    private void send(String body, List<Sent> sent, List<String> failures) {
        Instant sentAt = Instant.now();
        long started = System.nanoTime();
        try {
            OrderPoster.Answer answer = poster.post(body);
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - started);
            if (answer.status() == 201) {
                sent.add(new Sent(JSON.readTree(answer.body()).path("order_id").asText(), sentAt, roundTrip));
            } else {
                failures.add(answer.status() + " " + answer.body());
            }
        } catch (IOException e) {
            failures.add(e.toString());
        }
    }

    private record Timings(List<Duration> toShipped, List<Duration> toEvent) {
    }

    /** Reads every order until it is shipped, then computes its latencies from the server's timestamps. */
    private Timings awaitShipped(List<Sent> sent) throws InterruptedException {
        List<Sent> waiting = new ArrayList<>(sent);
        List<Duration> toShipped = new ArrayList<>();
        List<Duration> toEvent = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!waiting.isEmpty()) {
            for (Iterator<Sent> it = waiting.iterator(); it.hasNext(); ) {
                Sent order = it.next();
                JsonNode current = reader.get(order.orderId());
                String status = current.path("status").asText();
                if ("shipped".equals(status)) {
                    toShipped.add(Duration.between(order.sentAt(), Instant.parse(current.path("updated_at").asText())));
                    toEvent.add(Duration.between(order.sentAt(), Instant.parse(current.path("shipped_at").asText())));
                    it.remove();
                } else if ("payment_failed".equals(status)) {
                    throw new IllegalStateException("order " + order.orderId() + " was not paid: run the driver with success rate 1");
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(waiting.size() + " orders not shipped 5 minutes after the run");
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return new Timings(toShipped, toEvent);
    }
}
