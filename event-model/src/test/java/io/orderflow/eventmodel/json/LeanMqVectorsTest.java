package io.orderflow.eventmodel.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The entries the Python reference wrote to {@code events:all} and {@code events:sub:*}
 * (copied from {@code shared/leanmq/vectors.json}) decode to the events they describe.
 */
class LeanMqVectorsTest {

    private static final EventCodec CODEC = EventCodec.INSTANCE;

    record Entry(String stream, String id, String data) {
        @Override
        public String toString() {
            return stream + " " + id;
        }
    }

    static List<Entry> entries() throws IOException {
        try (InputStream in = LeanMqVectorsTest.class.getResourceAsStream("/leanmq-event-entries.json")) {
            JsonNode root = CODEC.mapper().readTree(in);
            List<Entry> entries = new ArrayList<>();
            root.get("entries").forEach(e -> entries.add(
                    new Entry(e.get("stream").asText(), e.get("id").asText(), e.get("data").asText())));
            return entries;
        }
    }

    static Stream<Entry> everyEntry() throws IOException {
        return entries().stream();
    }

    @ParameterizedTest
    @MethodSource("everyEntry")
    void everyReferenceEntryDecodesAndReEncodesToTheSameFieldsAndDigits(Entry entry) {
        Event event = CODEC.decode(entry.data());

        ObjectNode original = CODEC.parse(entry.data());
        original.remove("_metadata");
        // Tree equality with exact decimals: 25.979999999999997 must come back as those digits.
        assertThat(CODEC.toTree(event)).isEqualTo(original);
    }

    @Test
    void theReferenceEntriesCoverEveryEventType() throws IOException {
        assertThat(entries().stream().map(e -> CODEC.decode(e.data()).eventType()).distinct())
                .containsExactlyInAnyOrder("OrderCreatedEvent", "PaymentProcessedEvent", "OrderShippedEvent");
    }

    @Test
    void anOrderCreatedEntryDecodesToItsValues() throws IOException {
        Event event = CODEC.decode(entry("1795446637178-0").data());

        assertThat(event).isEqualTo(new OrderCreatedEvent(
                "c6e69da2-5f2c-4654-9a96-b28c9881ab02",
                Instant.ofEpochSecond(1795446637L, 177601600),
                "order-422df4f2-8d5f-4c12-9372-2b6f947d7369",
                "user-1238abbd",
                new BigDecimal("25.979999999999997"),
                List.of(new OrderItem("prod-782306e3", "Product 1", new BigDecimal("19.99"), 1),
                        new OrderItem("prod-f3ece5da", "Accessory 1", new BigDecimal("5.99"), 1))));
    }

    @Test
    void aPaymentProcessedEntryDecodesToItsValues() throws IOException {
        Event event = CODEC.decode(entry("1795446638683-0").data());

        assertThat(event).isEqualTo(new PaymentProcessedEvent(
                "37d46fc0-93be-4599-a269-0e55bd061a5f",
                Instant.ofEpochSecond(1795446638L, 680616000),
                "payment-4552a63d-43f8-451b-8807-cb2d300ac70a",
                "order-422df4f2-8d5f-4c12-9372-2b6f947d7369",
                new BigDecimal("25.979999999999997"),
                PaymentStatus.SUCCEEDED));
    }

    @Test
    void anOrderShippedEntryDecodesToItsValues() throws IOException {
        Event event = CODEC.decode(entry("1795446640693-0").data());

        assertThat(event).isInstanceOfSatisfying(OrderShippedEvent.class, shipped -> {
            assertThat(shipped.eventId()).isEqualTo("b2c1ae78-e81f-4a7b-9ff3-ea56bd0c7261");
            assertThat(shipped.timestamp()).isEqualTo(Instant.ofEpochSecond(1795446640L, 689201400));
            assertThat(shipped.orderId()).isEqualTo("order-422df4f2-8d5f-4c12-9372-2b6f947d7369");
            assertThat(shipped.trackingNumber()).isEqualTo("TRACK-DDBC2E36");
            assertThat(shipped.carrier()).isEqualTo("UPS");
        });
    }

    private static Entry entry(String id) throws IOException {
        return entries().stream().filter(e -> e.id().equals(id) && e.stream().equals(streamOf(id)))
                .findFirst().orElseThrow();
    }

    private static String streamOf(String id) {
        return id.equals("1795446637178-0") ? "events:all" : "events:sub:order-service";
    }
}
