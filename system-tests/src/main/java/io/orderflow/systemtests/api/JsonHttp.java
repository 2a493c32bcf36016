package io.orderflow.systemtests.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP/1.1 with JSON bodies, as any client of the services would talk to them. Thread-safe. */
public final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, headers and the body as text (parse it with {@link #json()}). */
    public record Reply(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }

        public boolean isJson() {
            try {
                return !body.isEmpty() && JSON.readTree(body) != null;
            } catch (JsonProcessingException e) {
                return false;
            }
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration timeout;

    public JsonHttp() {
        this(Duration.ofSeconds(30));
    }

    public JsonHttp(Duration timeout) {
        this.timeout = timeout;
    }

    public Reply get(URI uri) {
        return send(request(uri).GET().build());
    }

    public Reply postJson(URI uri, String json) {
        return send(request(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A request with this client's timeout, for callers that need other methods or headers. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout);
    }

    public Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    /** The body of a 200, or an error naming the call and what came back. */
    static JsonNode ok(Reply reply, String call) {
        if (reply.status() != 200) {
            throw new IllegalStateException(call + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }
}
