package io.orderflow.systemtests.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** order-service's REST API at one instance. */
public final class OrderApi {

    private static final int PAGE = 500;
    private static final int RETRIES = 3;

    private final JsonHttp http;
    private final URI base;

    public OrderApi(JsonHttp http, URI base) {
        this.http = http;
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** POST /orders with the body as application/json; the reply as it came. */
    public JsonHttp.Reply place(String json) {
        return http.postJson(base.resolve("/orders"), json);
    }

    /**
     * POST /orders that must succeed: the order's id. The request carries an Idempotency-Key, so
     * when the connection fails before an answer (the order may or may not exist) it is sent again,
     * as a careful client would, and still makes exactly one order. Such retries are reported on
     * standard error: they are rare and worth seeing.
     */
    public String placeOk(String json) {
        String key = "system-test-" + UUID.randomUUID();
        HttpRequest request = http.request(base.resolve("/orders")).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        for (int attempt = 1; ; attempt++) {
            try {
                JsonHttp.Reply reply = http.send(request);
                if (reply.status() != 201) {
                    throw new IllegalStateException("POST /orders answered " + reply.status() + ": " + reply.body());
                }
                return reply.json().path("order_id").asText();
            } catch (UncheckedIOException e) {
                if (attempt >= RETRIES) {
                    throw e;
                }
                System.err.println("POST /orders to " + base + " with Idempotency-Key " + key + " failed (" + e.getCause()
                        + "); sending it again");
            }
        }
    }

    public JsonNode get(String orderId) {
        return JsonHttp.ok(http.get(base.resolve("/orders/" + encode(orderId))), "GET /orders/" + orderId);
    }

    /** Every order, following next_cursor to the end. */
    public List<JsonNode> all() {
        List<JsonNode> orders = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JsonHttp.ok(http.get(base.resolve("/orders?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + cursor))),
                    "GET /orders");
            page.path("orders").forEach(orders::add);
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return orders;
    }

    public int count() {
        return all().size();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
