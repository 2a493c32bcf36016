package io.orderflow.bus.deployment;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.bus.handler.RejectedEventException;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test handlers whose behaviour follows the order id: {@code fail-*} throws ({@code fail-slowly-*}
 * after 300 ms), {@code reject-*}
 * rejects, {@code slow-*} takes 3 s; everything else is handled. Records every call.
 */
public class RecordingHandlers {

    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final Map<String, Instant> LAST_CALL = new ConcurrentHashMap<>();
    static final List<String> HANDLED = new CopyOnWriteArrayList<>();
    static final Map<String, Instant> HANDLED_AT = new ConcurrentHashMap<>();

    @EventHandler
    void onOrderCreated(OrderCreatedEvent event) throws InterruptedException {
        String order = event.orderId();
        CALLS.computeIfAbsent(order, o -> new AtomicInteger()).incrementAndGet();
        LAST_CALL.put(order, Instant.now());
        if (order.startsWith("fail-slowly-")) {
            // A poison entry that takes its time to fail: the entries behind it must not wait.
            Thread.sleep(300);
            throw new IllegalStateException("slow boom");
        }
        if (order.startsWith("fail-")) {
            throw new IllegalStateException("boom");
        }
        if (order.startsWith("reject-")) {
            throw new RejectedEventException("no such order " + order);
        }
        if (order.startsWith("slow-")) {
            Thread.sleep(3000);
        }
        HANDLED.add(order);
        HANDLED_AT.put(order, Instant.now());
    }

    @EventHandler
    void onPayment(PaymentProcessedEvent event) {
        CALLS.computeIfAbsent("payment:" + event.orderId(), o -> new AtomicInteger()).incrementAndGet();
        HANDLED.add("payment:" + event.orderId());
    }

    static int calls(String order) {
        AtomicInteger calls = CALLS.get(order);
        return calls == null ? 0 : calls.get();
    }
}
