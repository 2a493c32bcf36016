package io.orderflow.systemtests;

import static io.orderflow.systemtests.MalformedRequest.call;
import static io.orderflow.systemtests.MalformedRequest.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.systemtests.api.JsonHttp;
import io.orderflow.systemtests.pipeline.Pipeline;
import io.orderflow.harness.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4, system test 4: malformed requests to the running order-service. Each one gets the
 * expected 4xx with a JSON {@code {"error", "message"}} body, and none creates an order (GET
 * /orders lists as many as before) or publishes anything ({@code events:all} keeps its length).
 */
class MalformedOrderIT {

    private static final String ITEM = "{\"product_id\": \"prod-1\", \"name\": \"Product 1\", \"price\": 19.99, \"quantity\": 1}";
    private static final String VALID = order("\"user-1\"", "[" + ITEM + "]");

    private static Pipeline pipeline;

    @BeforeAll
    static void startThePipeline() {
        pipeline = Pipeline.builder(SystemTestLogs.of(MalformedOrderIT.class)).start();
    }

    @AfterAll
    static void stopThePipeline() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    static List<MalformedRequest> table() {
        return List.of(
                // The body as a whole
                post("empty body", ""),
                post("whitespace only", "   \n"),
                post("not JSON", "{oops"),
                post("truncated JSON", "{\"user_id\": \"user-1\", \"items\": ["),
                post("a second value after the order", VALID + " {}"),
                post("a JSON array", "[" + VALID + "]"),
                post("a JSON string", "\"an order\""),
                post("a JSON number", "42"),
                post("JSON null", "null"),
                // user_id
                post("user_id missing", "{\"items\": [" + ITEM + "]}"),
                post("user_id null", order("null", "[" + ITEM + "]")),
                post("user_id a number", order("42", "[" + ITEM + "]")),
                post("user_id an object", order("{\"id\": \"user-1\"}", "[" + ITEM + "]")),
                post("user_id empty", order("\"\"", "[" + ITEM + "]")),
                post("user_id blank", order("\"   \"", "[" + ITEM + "]")),
                post("user_id over 128 characters", order("\"" + "u".repeat(129) + "\"", "[" + ITEM + "]")),
                post("user_id with a control character", order("\"user\\u0007\"", "[" + ITEM + "]")),
                // items
                post("items missing", "{\"user_id\": \"user-1\"}"),
                post("items null", order("\"user-1\"", "null")),
                post("items an object", order("\"user-1\"", ITEM)),
                post("items a string", order("\"user-1\"", "\"prod-1\"")),
                post("no items", order("\"user-1\"", "[]")),
                post("101 items, over the limit of 100", order("\"user-1\"",
                        IntStream.range(0, 101).mapToObj(i -> ITEM).collect(Collectors.joining(",", "[", "]")))),
                post("an item that is a string", order("\"user-1\"", "[\"prod-1\"]")),
                post("an item that is null", order("\"user-1\"", "[null]")),
                post("a valid item, then a broken one", order("\"user-1\"", "[" + ITEM + ", {\"product_id\": \"prod-2\"}]")),
                // item fields
                post("product_id missing", withItem("\"name\": \"P\", \"price\": 1.5, \"quantity\": 1")),
                post("product_id a number", withItem("\"product_id\": 7, \"name\": \"P\", \"price\": 1.5, \"quantity\": 1")),
                post("name missing", withItem("\"product_id\": \"p\", \"price\": 1.5, \"quantity\": 1")),
                post("name over 256 characters", withItem("\"product_id\": \"p\", \"name\": \"" + "n".repeat(257)
                        + "\", \"price\": 1.5, \"quantity\": 1")),
                post("price missing", withItem("\"product_id\": \"p\", \"name\": \"P\", \"quantity\": 1")),
                post("price negative", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": -1.5, \"quantity\": 1")),
                post("price a numeric string", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": \"19.99\", \"quantity\": 1")),
                post("price not a number", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": \"cheap\", \"quantity\": 1")),
                post("price a boolean", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": true, \"quantity\": 1")),
                post("price with 5 decimals", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1.00001, \"quantity\": 1")),
                post("price over 10^9", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1e12, \"quantity\": 1")),
                post("price NaN", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": NaN, \"quantity\": 1")),
                post("quantity missing", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1.5")),
                post("quantity zero", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1.5, \"quantity\": 0")),
                post("quantity negative", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1.5, \"quantity\": -2")),
                post("quantity fractional", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1.5, \"quantity\": 1.5")),
                post("quantity a string", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1.5, \"quantity\": \"2\"")),
                post("quantity over 10000", withItem("\"product_id\": \"p\", \"name\": \"P\", \"price\": 1.5, \"quantity\": 10001")),
                // Size, content type, headers
                post("body over 64 KiB", VALID.replace("{\"user_id\"", "{\"padding\": \"" + "x".repeat(65_536) + "\", \"user_id\""))
                        .expect(413),
                post("valid order sent as text/plain", VALID).contentType("text/plain").expect(415),
                post("valid order without a Content-Type", VALID).contentType(null).expect(415),
                post("XML", "<order><user_id>user-1</user_id></order>").contentType("application/xml").expect(415),
                post("form-encoded", "user_id=user-1&items=1").contentType("application/x-www-form-urlencoded").expect(415),
                post("Content-Type that does not parse", VALID).contentType("json please"),
                post("Idempotency-Key over 255 characters", VALID).header("Idempotency-Key", "k".repeat(256)),
                post("Idempotency-Key with a space", VALID).header("Idempotency-Key", "two words"),
                // Other methods and query parameters
                post("PUT on the collection", VALID).method("PUT").expect(405),
                call("DELETE on an order", "DELETE", "/orders/order-1").expect(405),
                call("list with an unknown status", "GET", "/orders?status=lost"),
                call("list with limit 0", "GET", "/orders?limit=0"),
                call("list with a negative cursor", "GET", "/orders?cursor=-1"),
                call("list with a non-numeric limit", "GET", "/orders?limit=ten"));
    }

    @Test
    void theTableHasAtLeastThirtyRows() {
        assertThat(table()).hasSizeGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void isRefusedWithA4xxJsonErrorAndCreatesNoOrder(MalformedRequest malformed) {
        int ordersBefore = pipeline.orders().count();
        long publishedBefore = publishedEvents();

        JsonHttp.Reply reply = pipeline.http().send(malformed.toRequest(pipeline.http(), pipeline.orders().base()));

        assertThat(reply.status()).as("%s: status, body %s", malformed, reply.body()).isEqualTo(malformed.expectedStatus())
                .isBetween(400, 499);
        assertThat(reply.headers().firstValue("Content-Type")).as("%s: Content-Type", malformed).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = reply.json();
        assertThat(error.path("error").isTextual()).as("%s: 'error' in %s", malformed, reply.body()).isTrue();
        assertThat(error.path("message").asText()).as("%s: 'message' in %s", malformed, reply.body()).isNotBlank();
        assertThat(pipeline.orders().count()).as("%s: orders listed by GET /orders", malformed).isEqualTo(ordersBefore);
        assertThat(publishedEvents()).as("%s: entries in events:all", malformed).isEqualTo(publishedBefore);
    }

    @Test
    void aBodyOverTheServerLimitIsRefusedWithAJsonError() {
        JsonHttp.Reply reply = pipeline.orders().place("{\"padding\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.isJson()).as("JSON body: '%s'", reply.body()).isTrue();
    }

    @Test
    void aBodyThatIsNotUtf8IsRefused() {
        byte[] latin1 = order("\"caf\u00e9\"", "[" + ITEM + "]").getBytes(StandardCharsets.ISO_8859_1);
        MalformedRequest notUtf8 = new MalformedRequest("user_id in ISO-8859-1", "POST", "/orders", "application/json", latin1,
                Map.of(), 400);

        isRefusedWithA4xxJsonErrorAndCreatesNoOrder(notUtf8);
    }

    private static long publishedEvents() {
        try (RespConnection redis = pipeline.openRedis()) {
            return redis.callForLong("XLEN", "events:all");
        }
    }

    private static String order(String userId, String items) {
        return "{\"user_id\": " + userId + ", \"items\": " + items + "}";
    }

    private static String withItem(String fields) {
        return order("\"user-1\"", "[{" + fields + "}]");
    }
}
