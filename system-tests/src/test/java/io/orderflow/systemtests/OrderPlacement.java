package io.orderflow.systemtests;

import io.orderflow.systemtests.api.OrderApi;
import io.orderflow.systemtests.api.SampleOrders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Places orders over REST from several clients at once, spread over the given order-service
 * instances in turn. Every {@code declineEvery}-th order totals x.13, so payment-service declines
 * it: both endings of the pipeline are exercised on every run.
 */
final class OrderPlacement {

    private final List<OrderApi> instances;
    private int clients = 8;
    private int declineEvery = 10;
    private Duration pause = Duration.ZERO;
    private Duration outagePatience;
    private final AtomicInteger placed = new AtomicInteger();

    private OrderPlacement(List<OrderApi> instances) {
        this.instances = List.copyOf(instances);
    }

    static OrderPlacement to(OrderApi... instances) {
        return new OrderPlacement(List.of(instances));
    }

    static OrderPlacement to(List<OrderApi> instances) {
        return new OrderPlacement(instances);
    }

    OrderPlacement clients(int count) {
        clients = count;
        return this;
    }

    /** A pause of each client after each order, to spread a run over time. */
    OrderPlacement pauseBetweenOrders(Duration duration) {
        pause = duration;
        return this;
    }

    /**
     * Keeps sending each order (with its Idempotency-Key) through connection failures and 5xx
     * answers for up to {@code patience}, for runs in which services or Redis are killed.
     */
    OrderPlacement throughOutages(Duration patience) {
        outagePatience = patience;
        return this;
    }

    /** Orders placed so far (while {@link #place} runs on another thread). */
    int placedSoFar() {
        return placed.get();
    }

    /** Places {@code count} orders and returns them in the order they were numbered; any failed POST fails the run. */
    List<PlacedOrder> place(int count) {
        List<PlacedOrder> orders = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(count, null)));
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                SplittableRandom random = new SplittableRandom(c);
                running.add(pool.submit(() -> {
                    for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                        boolean declined = n % declineEvery == declineEvery - 1;
                        String user = "user-" + (n % 17);
                        String body = declined ? SampleOrders.declined(user) : SampleOrders.payable(user, random);
                        OrderApi instance = instances.get(n % instances.size());
                        if (outagePatience == null) {
                            orders.set(n, new PlacedOrder(instance.placeOk(body), declined, System.nanoTime(), 1));
                        } else {
                            OrderApi.Acceptance accepted = instance.placeThroughOutages(body, outagePatience);
                            orders.set(n, new PlacedOrder(accepted.orderId(), declined, System.nanoTime(), accepted.attempts()));
                        }
                        placed.incrementAndGet();
                        if (!pause.isZero()) {
                            Thread.sleep(pause);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("placing orders failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return List.copyOf(orders);
    }
}
