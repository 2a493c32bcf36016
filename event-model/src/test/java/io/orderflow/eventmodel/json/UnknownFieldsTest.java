package io.orderflow.eventmodel.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.eventmodel.domain.OrderShippedEvent;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {

    @Test
    void readingIgnoresFieldsItDoesNotKnow() {
        String json = "{\"event_id\": \"e\", \"timestamp\": 1795446640.5, \"event_type\": \"OrderShippedEvent\", "
                + "\"order_id\": \"o\", \"tracking_number\": \"TRACK-0A1B2C3D\", \"carrier\": \"DHL\", "
                + "\"traceparent\": \"00-abc-def-01\", \"correlation_id\": 12, "
                + "\"_metadata\": {\"id\": \"m\", \"timestamp\": 1.0, \"ttl\": null}, "
                + "\"_failures\": [{\"timestamp\": 1.0, \"reason\": \"r\"}]}";

        assertThat(EventCodec.INSTANCE.decode(json)).isInstanceOfSatisfying(OrderShippedEvent.class,
                shipped -> assertThat(shipped.trackingNumber()).isEqualTo("TRACK-0A1B2C3D"));
    }
}
