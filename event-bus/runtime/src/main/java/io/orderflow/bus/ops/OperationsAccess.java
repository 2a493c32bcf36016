package io.orderflow.bus.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may use the operations endpoints: with a configured token, whoever sends it as
 * {@code Authorization: Bearer <token>}; without one, everybody in dev and test mode and nobody
 * in production (the endpoints can requeue and delete events).
 */
public record OperationsAccess(boolean enabled, Optional<String> token, boolean openWithoutToken) {

    public record Denial(int status, String error, String message) {
    }

    public Optional<Denial> check(String authorization) {
        if (!enabled) {
            return Optional.of(new Denial(404, "disabled", "the event bus operations endpoints are switched off"));
        }
        if (token.isEmpty()) {
            return openWithoutToken ? Optional.empty()
                    : Optional.of(new Denial(404, "disabled",
                            "the event bus operations endpoints need a token: set orderflow.bus.operations.token"));
        }
        String expected = "Bearer " + token.get();
        if (authorization == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Denial(401, "unauthorized",
                    "send the operations token as 'Authorization: Bearer <token>'"));
        }
        return Optional.empty();
    }
}
