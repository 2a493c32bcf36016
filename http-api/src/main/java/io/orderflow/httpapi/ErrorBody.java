package io.orderflow.httpapi;

/** Every error the API answers: {@code {"error": "...", "message": "..."}}. */
public record ErrorBody(String error, String message) {
}
