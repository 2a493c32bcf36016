package io.orderflow.systemtests.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** shipping-service's REST API at one instance. */
public final class ShippingApi {

    private static final int PAGE = 500;

    private final JsonHttp http;
    private final URI base;

    public ShippingApi(JsonHttp http, URI base) {
        this.http = http;
        this.base = base;
    }

    /** GET /shipments/{order_id}: the shipment, or empty on 404. */
    public Optional<JsonNode> ofOrder(String orderId) {
        JsonHttp.Reply reply = http.get(base.resolve("/shipments/" + OrderApi.encode(orderId)));
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(JsonHttp.ok(reply, "GET /shipments/" + orderId));
    }

    /** Every shipment in the service's index, following next_cursor to the end. */
    public List<JsonNode> all() {
        List<JsonNode> shipments = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JsonHttp.ok(http.get(base.resolve("/shipments?limit=" + PAGE + (cursor == null ? "" : "&cursor=" + cursor))),
                    "GET /shipments");
            page.path("shipments").forEach(shipments::add);
            cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
        } while (cursor != null);
        return shipments;
    }
}
