package io.orderflow.order.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.httpapi.ApiException;
import io.orderflow.order.domain.NewOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrderRequestParserTest {

    private final OrderRequestParser parser = new OrderRequestParser(100);

    @Test
    void theTotalIsComputedByTheServerExactly() {
        NewOrder order = parser.parse("""
                {"user_id": "user-1", "total": 1, "items": [
                  {"product_id": "p1", "name": "Product 1", "price": 19.99, "quantity": 3},
                  {"product_id": "p2", "name": "Accessory", "price": 0.1, "quantity": 2}]}""");

        assertThat(order.total()).isEqualByComparingTo("60.17");
        assertThat(order.userId()).isEqualTo("user-1");
    }

    @Test
    void pricesAreKeptPlainWhateverTheirNotation() {
        NewOrder order = parser.parse("{\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1e3, \"quantity\": 1}]}");

        assertThat(order.items().get(0).price().toString()).isEqualTo("1000");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "-1e-999999999 | 1 | 'items[0].price' must not be negative, was -1E-999999999",
            "1 | -1e-999999999 | 'items[0].quantity' must be a whole number, was -1E-999999999",
            "1 | -1e999999999 | 'items[0].quantity' must be at least 1, was -1E+999999999"})
    void aHostileNumberIsShownInENotationNotSpelledOutInFull(String price, String quantity, String message) {
        String body = "{\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": " + price
                + ", \"quantity\": " + quantity + "}]}";

        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(ApiException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not JSON | {user_id: | body is not valid JSON",
            "array body | [1] | body must be a JSON object, was an array",
            "missing user_id | {\"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1, \"quantity\": 1}]} | 'user_id' is required",
            "user_id number | {\"user_id\": 5, \"items\": []} | 'user_id' must be a string, was a number",
            "blank user_id | {\"user_id\": \"  \", \"items\": []} | 'user_id' must not be blank",
            "no items | {\"user_id\": \"u\"} | 'items' is required",
            "empty items | {\"user_id\": \"u\", \"items\": []} | 'items' must not be empty",
            "items object | {\"user_id\": \"u\", \"items\": {}} | 'items' must be an array, was an object",
            "item not object | {\"user_id\": \"u\", \"items\": [3]} | 'items[0]' must be an object",
            "zero quantity | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1, \"quantity\": 0}]} | 'items[0].quantity' must be at least 1",
            "negative quantity | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1, \"quantity\": -2}]} | 'items[0].quantity' must be at least 1",
            "fractional quantity | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1, \"quantity\": 1.5}]} | 'items[0].quantity' must be a whole number",
            "quantity as text | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1, \"quantity\": \"2\"}]} | 'items[0].quantity' must be a whole number, was a string",
            "negative price | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": -1, \"quantity\": 1}]} | 'items[0].price' must not be negative",
            "price as text | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": \"9.99\", \"quantity\": 1}]} | 'items[0].price' must be a number, was a string",
            "NaN price | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": NaN, \"quantity\": 1}]} | 'items[0].price' must be a finite number",
            "huge price | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1e400, \"quantity\": 1}]} | 'items[0].price' must not exceed",
            "missing name | {\"user_id\": \"u\", \"items\": [{\"product_id\": \"p\", \"price\": 1, \"quantity\": 1}]} | 'items[0].name' is required",
            "missing product_id | {\"user_id\": \"u\", \"items\": [{\"name\": \"n\", \"price\": 1, \"quantity\": 1}]} | 'items[0].product_id' is required",
    })
    void eachDefectIsNamed(String defect, String body, String message) {
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
                .hasMessageContaining(message);
    }

    @Test
    void tooManyItemsAreRefused() {
        String item = "{\"product_id\": \"p\", \"name\": \"n\", \"price\": 1, \"quantity\": 1}";
        String body = "{\"user_id\": \"u\", \"items\": [" + String.join(",", java.util.Collections.nCopies(101, item)) + "]}";

        assertThatThrownBy(() -> parser.parse(body)).hasMessageContaining("at most 100");
    }
}
