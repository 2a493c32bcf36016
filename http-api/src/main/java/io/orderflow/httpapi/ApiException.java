package io.orderflow.httpapi;

/** A request the API refuses, with the status and the JSON error it answers. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

    public ApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
