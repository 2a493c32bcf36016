package io.orderflow.systemtests.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** order-service's REST API at one instance. */
public final class OrderApi {

    private static final int PAGE = 500;
    private static final int RETRIES = 3;
    private static final Duration OUTAGE_RETRY_PAUSE = Duration.ofMillis(100);

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
        HttpRequest request = postWithKey(json, key);
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

    /** An order accepted by {@link #placeThroughOutages}: its id and how many sends it took. */
    public record Acceptance(String orderId, int attempts) {
    }

    /**
     * POST /orders that keeps trying, with one Idempotency-Key, while order-service or its Redis
     * is away: a refused or broken connection and any 5xx answer are sent again after a short
     * pause, until a 201 or until {@code patience} runs out. This is what a careful client does,
     * and the key makes it safe: however many sends it takes, there is one order and one event.
     * Any 4xx fails at once, since sending the same request again cannot fix it.
     */
    public Acceptance placeThroughOutages(String json, Duration patience) {
        String key = "system-test-" + UUID.randomUUID();
        HttpRequest request = postWithKey(json, key);
        long deadline = System.nanoTime() + patience.toNanos();
        String lastProblem = null;
        for (int attempt = 1; System.nanoTime() - deadline < 0; attempt++) {
            try {
                JsonHttp.Reply reply = http.send(request);
                if (reply.status() == 201) {
                    return new Acceptance(reply.json().path("order_id").asText(), attempt);
                }
                if (reply.status() < 500) {
                    throw new IllegalStateException("POST /orders answered " + reply.status() + ": " + reply.body());
                }
                lastProblem = reply.status() + " " + reply.body();
            } catch (UncheckedIOException e) {
                lastProblem = String.valueOf(e.getCause());
            }
            try {
                Thread.sleep(OUTAGE_RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while placing an order", e);
            }
        }
        throw new IllegalStateException("POST /orders with Idempotency-Key " + key + " not accepted within "
                + patience.toSeconds() + " s; last answer: " + lastProblem);
    }

    private HttpRequest postWithKey(String json, String idempotencyKey) {
        return http.request(base.resolve("/orders")).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(json)).build();
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
