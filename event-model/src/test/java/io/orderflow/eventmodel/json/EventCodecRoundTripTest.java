package io.orderflow.eventmodel.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.eventmodel.domain.OrderItem;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.eventmodel.domain.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecRoundTripTest {

    private final EventCodec codec = EventCodec.INSTANCE;

    static Stream<Event> events() {
        Instant at = Instant.ofEpochSecond(1795446637L, 177601600);
        return Stream.of(
                new OrderCreatedEvent("c6e69da2-5f2c-4654-9a96-b28c9881ab02", at, "order-1", "user-1",
                        new BigDecimal("25.98"),
                        List.of(new OrderItem("prod-1", "Product 1", new BigDecimal("19.99"), 1),
                                new OrderItem("prod-2", "Accessory \u00e9", new BigDecimal("5.99"), 1))),
                new PaymentProcessedEvent("e1", at, "payment-1", "order-1", new BigDecimal("25.98"),
                        PaymentStatus.FAILED),
                new OrderShippedEvent("e2", Instant.ofEpochSecond(1795446640L), "order-1", "TRACK-DDBC2E36", "UPS"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void decodingWhatWasEncodedGivesTheSameEvent(Event event) {
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    @Test
    void writesSnakeCaseInTheReferenceFieldOrder() {
        Event event = events().findFirst().orElseThrow();

        assertThat(codec.encode(event)).isEqualTo(
                "{\"event_id\":\"c6e69da2-5f2c-4654-9a96-b28c9881ab02\",\"timestamp\":1795446637.1776016,"
                        + "\"event_type\":\"OrderCreatedEvent\",\"order_id\":\"order-1\",\"user_id\":\"user-1\","
                        + "\"total\":25.98,\"items\":[{\"product_id\":\"prod-1\",\"name\":\"Product 1\","
                        + "\"price\":19.99,\"quantity\":1},{\"product_id\":\"prod-2\",\"name\":\"Accessory \u00e9\","
                        + "\"price\":5.99,\"quantity\":1}]}");
    }

    @Test
    void writesWholeSecondTimestampsWithAFractionAsPythonDoes() {
        Event shipped = events().skip(2).findFirst().orElseThrow();

        assertThat(codec.encode(shipped)).contains("\"timestamp\":1795446640.0,");
    }

    @Test
    void writesMoneyAsPlainNumbersNeverInExponentForm() {
        PaymentProcessedEvent big = PaymentProcessedEvent.of("p", "o", new BigDecimal("1E+3"), PaymentStatus.SUCCEEDED);

        assertThat(codec.encode(big)).contains("\"amount\":1000,");
    }

    @Test
    void factoriesStampAFreshIdAndTheCurrentTime() {
        Instant before = Instant.now();
        OrderShippedEvent a = OrderShippedEvent.of("order-1", "TRACK-00000000", "DHL");
        OrderShippedEvent b = OrderShippedEvent.of("order-1", "TRACK-00000000", "DHL");

        assertThat(a.eventId()).isNotEqualTo(b.eventId());
        assertThat(a.timestamp()).isBetween(before, Instant.now());
        assertThat(a.eventType()).isEqualTo("OrderShippedEvent");
    }
}
