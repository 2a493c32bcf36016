package io.orderflow.benchmarks.fanout;

import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.OutgoingMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.json.EventCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Fills the central stream with the backlog to drain, as fast as Redis takes it: chunks of
 * 1,000 events per atomic send. This is set-up, not part of the fan-out time.
 */
final class BacklogSeeder {

    private static final int CHUNK = 1_000;

    /** How the backlog came out: its size in entries and bytes, one stored entry, and how long it took to write. */
    record Backlog(long events, double averageEventBytes, double averageEntryBytes, String sampleEntry, double seconds) {
    }

    private final Queues queues;

    BacklogSeeder(Queues queues) {
        this.queues = queues;
    }

    Backlog seed(int events) {
        long eventBytes = 0;
        long start = System.nanoTime();
        List<OutgoingMessage> chunk = new ArrayList<>(CHUNK);
        for (int i = 0; i < events; i++) {
            OrderCreatedEvent event = order(i);
            var payload = EventCodec.INSTANCE.toTree(event);
            eventBytes += EventCodec.INSTANCE.write(payload).length();
            chunk.add(OutgoingMessage.of(BusKeys.CENTRAL_QUEUE, payload));
            if (chunk.size() == CHUNK || i == events - 1) {
                queues.sendAll(chunk);
                chunk.clear();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> sample = sampleEntries();
        double averageEntryBytes = sample.stream().mapToInt(String::length).average().orElse(0);
        // The entry closest to the average size stands for all of them in the raw ceiling with a real entry;
        // of two as close, the smaller, whose higher ceiling makes the context ratio the stricter one.
        String typical = sample.stream()
                .min(Comparator.comparingDouble((String e) -> Math.abs(e.length() - averageEntryBytes))
                        .thenComparingInt(String::length))
                .orElse("");
        return new Backlog(events, (double) eventBytes / events, averageEntryBytes, typical, seconds);
    }

    /**
     * An order shaped like the Python reference's: a UUID order id, a short user id, one or two
     * items with random product ids, so that entries have the reference's size.
     */
    private static OrderCreatedEvent order(int index) {
        List<OrderItem> items = new ArrayList<>(2);
        items.add(new OrderItem("prod-" + shortId(), "Product " + (index % 10 + 1), new BigDecimal("19.99"), 1));
        BigDecimal total = new BigDecimal("19.99");
        if (index % 2 == 1) {
            items.add(new OrderItem("prod-" + shortId(), "Accessory " + (index % 5 + 1), new BigDecimal("5.99"), 1));
            total = total.add(new BigDecimal("5.99"));
        }
        return OrderCreatedEvent.of("order-" + UUID.randomUUID(), "user-" + shortId(), total, items);
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The data of the first stored entries (event plus LeanMQ envelope), as Redis holds them. */
    private List<String> sampleEntries() {
        var reply = queues.redis().execute("XRANGE", queues.keys().central().stream(), "-", "+", "COUNT", "100");
        List<String> sample = new ArrayList<>(reply.size());
        for (var entry : reply) {
            var fields = entry.get(1);
            if (!fields.getKeys().isEmpty()) {
                // RESP3 may answer the fields as a map.
                sample.add(fields.get("data").toString());
                continue;
            }
            for (int f = 0; f + 1 < fields.size(); f += 2) {
                if ("data".equals(fields.get(f).toString())) {
                    sample.add(fields.get(f + 1).toString());
                }
            }
        }
        return sample;
    }
}
