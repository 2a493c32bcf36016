package io.orderflow.systemtests;

import io.orderflow.systemtests.api.JsonHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of the malformed-request table: a request order-service must refuse, and the status it must refuse it with. */
record MalformedRequest(String description, String method, String path, String contentType, byte[] body,
        Map<String, String> headers, int expectedStatus) {

    /** POST /orders, as application/json, expecting 400. */
    static MalformedRequest post(String description, String body) {
        return new MalformedRequest(description, "POST", "/orders", "application/json", body.getBytes(StandardCharsets.UTF_8),
                Map.of(), 400);
    }

    /** A bodiless request, expecting 400. */
    static MalformedRequest call(String description, String method, String path) {
        return new MalformedRequest(description, method, path, null, null, Map.of(), 400);
    }

    MalformedRequest contentType(String type) {
        return new MalformedRequest(description, method, path, type, body, headers, expectedStatus);
    }

    MalformedRequest method(String other) {
        return new MalformedRequest(description, other, path, contentType, body, headers, expectedStatus);
    }

    MalformedRequest header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new MalformedRequest(description, method, path, contentType, body, Map.copyOf(more), expectedStatus);
    }

    MalformedRequest expect(int status) {
        return new MalformedRequest(description, method, path, contentType, body, headers, status);
    }

    HttpRequest toRequest(JsonHttp http, URI base) {
        HttpRequest.Builder request = http.request(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return request.build();
    }

    @Override
    public String toString() {
        return description;
    }
}
