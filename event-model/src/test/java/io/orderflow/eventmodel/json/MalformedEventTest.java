package io.orderflow.eventmodel.json;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedEventTest {

    private static final String ORDER_HEAD =
            "{\"event_id\": \"e-1\", \"timestamp\": 1795446637.17, \"event_type\": \"OrderCreatedEvent\", "
                    + "\"order_id\": \"order-1\", \"user_id\": \"user-1\"";
    private static final String PAYMENT_HEAD =
            "{\"event_id\": \"e-2\", \"timestamp\": 1795446637.17, \"event_type\": \"PaymentProcessedEvent\", "
                    + "\"payment_id\": \"payment-1\", \"order_id\": \"order-1\"";

    static String order(String total, String items) {
        return ORDER_HEAD + ", \"total\": " + total + ", \"items\": " + items + "}";
    }

    static String item(String price, String quantity) {
        return "[{\"product_id\": \"p\", \"name\": \"n\", \"price\": " + price + ", \"quantity\": " + quantity + "}]";
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("text that is not JSON", "order please", NotJsonException.class, "not JSON"),
                Arguments.of("truncated JSON", "{\"event_type\": \"OrderShippedEvent\"", NotJsonException.class, "not JSON"),
                Arguments.of("empty text", "", NotJsonException.class, "empty"),
                Arguments.of("a JSON array", "[1, 2]", NotJsonException.class, "not a JSON object but array"),
                Arguments.of("two JSON values", "{} {}", NotJsonException.class, "not JSON"),
                Arguments.of("no event_type", "{\"event_id\": \"e\", \"order_id\": \"o\"}",
                        MissingEventTypeException.class, "missing 'event_type'"),
                Arguments.of("null event_type", "{\"event_type\": null}", MissingEventTypeException.class, "missing"),
                Arguments.of("unknown event_type", "{\"event_type\": \"OrderCancelledEvent\"}",
                        UnknownEventTypeException.class, "unknown event_type OrderCancelledEvent"),
                Arguments.of("numeric event_type", "{\"event_type\": 7}", UnknownEventTypeException.class, "unknown event_type 7"),
                Arguments.of("missing order_id",
                        "{\"event_id\": \"e\", \"timestamp\": 1.5, \"event_type\": \"OrderShippedEvent\", "
                                + "\"tracking_number\": \"TRACK-00000000\", \"carrier\": \"UPS\"}",
                        MissingFieldException.class, "missing required field 'order_id'"),
                Arguments.of("missing timestamp",
                        "{\"event_id\": \"e\", \"event_type\": \"OrderShippedEvent\", \"order_id\": \"o\", "
                                + "\"tracking_number\": \"TRACK-00000000\", \"carrier\": \"UPS\"}",
                        MissingFieldException.class, "'timestamp'"),
                Arguments.of("missing items", ORDER_HEAD + ", \"total\": 1}", MissingFieldException.class, "'items'"),
                Arguments.of("missing item price",
                        order("1", "[{\"product_id\": \"p\", \"name\": \"n\", \"quantity\": 1}]"),
                        MissingFieldException.class, "'items[0].price'"),
                Arguments.of("negative total", order("-0.01", "[]"), InvalidFieldException.class,
                        "'total' must not be negative, was -0.01"),
                Arguments.of("negative amount", PAYMENT_HEAD + ", \"amount\": -5, \"status\": \"succeeded\"}",
                        InvalidFieldException.class, "'amount' must not be negative"),
                Arguments.of("NaN amount", PAYMENT_HEAD + ", \"amount\": NaN, \"status\": \"succeeded\"}",
                        InvalidFieldException.class, "'amount' must be a finite number"),
                Arguments.of("infinite total", order("Infinity", "[]"), InvalidFieldException.class,
                        "'total' must be a finite number"),
                Arguments.of("negative price", order("1", item("-1", "1")), InvalidFieldException.class,
                        "'items[0].price' must not be negative"),
                Arguments.of("zero quantity", order("1", item("1", "0")), InvalidFieldException.class,
                        "'items[0].quantity' must be positive, was 0"),
                Arguments.of("negative quantity", order("1", item("1", "-3")), InvalidFieldException.class,
                        "'items[0].quantity' must be positive"),
                Arguments.of("fractional quantity", order("1", item("1", "1.5")), InvalidFieldException.class,
                        "'items[0].quantity' must be a whole number"),
                Arguments.of("money as a string", order("\"12.50\"", "[]"), InvalidFieldException.class,
                        "'total' must be a number, was string"),
                Arguments.of("items not an array", order("1", "{}"), InvalidFieldException.class,
                        "'items' must be an array"),
                Arguments.of("user_id not a string", ORDER_HEAD.replace("\"user-1\"", "42") + ", \"total\": 1, \"items\": []}",
                        InvalidFieldException.class, "'user_id' must be a string"),
                Arguments.of("blank order_id",
                        "{\"event_id\": \"e\", \"timestamp\": 1.5, \"event_type\": \"OrderShippedEvent\", \"order_id\": \" \", "
                                + "\"tracking_number\": \"TRACK-00000000\", \"carrier\": \"UPS\"}",
                        InvalidFieldException.class, "'order_id' must not be blank"),
                Arguments.of("unknown payment status", PAYMENT_HEAD + ", \"amount\": 5, \"status\": \"pending\"}",
                        InvalidFieldException.class, "'status' must be 'succeeded' or 'failed', was 'pending'"),
                Arguments.of("timestamp as text",
                        "{\"event_id\": \"e\", \"timestamp\": \"now\", \"event_type\": \"OrderShippedEvent\", \"order_id\": \"o\", "
                                + "\"tracking_number\": \"TRACK-00000000\", \"carrier\": \"UPS\"}",
                        InvalidFieldException.class, "'timestamp' must be epoch seconds"),
                Arguments.of("timestamp out of range",
                        "{\"event_id\": \"e\", \"timestamp\": 1e300, \"event_type\": \"OrderShippedEvent\", \"order_id\": \"o\", "
                                + "\"tracking_number\": \"TRACK-00000000\", \"carrier\": \"UPS\"}",
                        InvalidFieldException.class, "'timestamp' is out of range"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void eachDefectGetsItsTypedErrorSayingWhatIsWrong(String defect, String json,
            Class<? extends EventFormatException> error, String message) {
        assertThatThrownBy(() -> EventCodec.INSTANCE.decode(json))
                .isExactlyInstanceOf(error)
                .hasMessageContaining(message);
    }
}
