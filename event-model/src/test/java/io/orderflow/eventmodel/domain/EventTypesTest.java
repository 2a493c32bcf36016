package io.orderflow.eventmodel.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventTypesTest {

    @Test
    void wireNamesAreThePythonClassNames() {
        assertThat(EventTypes.names())
                .containsExactly("OrderCreatedEvent", "PaymentProcessedEvent", "OrderShippedEvent");
        assertThat(EventTypes.typeOf("PaymentProcessedEvent")).contains(PaymentProcessedEvent.class);
        assertThat(EventTypes.nameOf(OrderShippedEvent.class)).isEqualTo("OrderShippedEvent");
    }

    @Test
    void everyTypeIsNamedByTheNameItIsRegisteredUnder() {
        for (String name : EventTypes.names()) {
            Class<? extends Event> type = EventTypes.typeOf(name).orElseThrow();
            assertThat(EventTypes.nameOf(type)).isEqualTo(name);
            assertThat(EventTypes.isEventType(type)).isTrue();
        }
    }

    @Test
    void anUnknownNameHasNoType() {
        assertThat(EventTypes.typeOf("orderCreatedEvent")).isEmpty();
        assertThat(EventTypes.isEventType(String.class)).isFalse();
        assertThatThrownBy(() -> EventTypes.nameOf(String.class)).hasMessageContaining("not an Orderflow event type");
    }
}
