package io.orderflow.systemtests.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** payment-service's REST API at one instance. */
public final class PaymentApi {

    private static final int PAGE = 500;

    private final JsonHttp http;
    private final URI base;

    public PaymentApi(JsonHttp http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** GET /payments?order_id=: the order's payments as the service lists them (at most one if all is well). */
    public List<JsonNode> ofOrder(String orderId) {
        List<JsonNode> payments = new ArrayList<>();
        JsonHttp.ok(http.get(base.resolve("/payments?order_id=" + OrderApi.encode(orderId))), "GET /payments?order_id=" + orderId)
                .path("payments").forEach(payments::add);
        return payments;
    }

    /** Every payment in the service's index, following next_cursor to the end. */
    public List<JsonNode> all() {
        List<JsonNode> payments = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JsonHttp.ok(http.get(base.resolve("/payments?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + cursor))),
                    "GET /payments");
            page.path("payments").forEach(payments::add);
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return payments;
    }
}
