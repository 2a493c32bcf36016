package io.orderflow.httpapi;

import io.orderflow.bus.queue.RedisErrors;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every refusal into a JSON error, so that no client ever has to parse HTML or guess. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    @ServerExceptionMapper
    public Response apiError(ApiException e) {
        return json(e.status(), e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, "not_found", "no such resource");
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return json(405, "method_not_allowed", "method not allowed on this resource");
    }

    @ServerExceptionMapper
    public Response webError(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internalError(status, e);
        }
        return json(status, "bad_request", e.getMessage());
    }

    /**
     * The blocking Redis client wraps its failures in CompletionException. When Redis is away the
     * answer is a 503 with Retry-After and one log line, not a 500 and a stack trace per request.
     */
    @ServerExceptionMapper
    public Response completionFailure(CompletionException e) {
        return storeFailure(e);
    }

    /**
     * A reactive endpoint gets the Redis client's failure as it is, not wrapped: a refused or
     * lost connection is the same 503.
     */
    @ServerExceptionMapper
    public Response ioFailure(IOException e) {
        return storeFailure(e);
    }

    /**
     * Everything else, down to a {@code Throwable} that is no {@code Exception}: the Vert.x
     * Redis client fails a reactive call with Redis's error reply itself, which is one. A refusal
     * (Redis out of memory, loading, busy) is a 503 saying so; anything else a JSON 500.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return storeFailure(e);
    }

    /** A 503 when the store is unreachable or refuses for now, else a 500: never a stack trace for the client. */
    private static Response storeFailure(Throwable e) {
        var refusal = StoreRefusal.in(e);
        if (refusal.isPresent()) {
            return storeRefused(refusal.get(), e);
        }
        if (RedisErrors.isUnreachable(e)) {
            return storeUnreachable(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        }
        return internalError(500, e);
    }

    /**
     * A blocking Redis call that got no answer within {@code quarkus.redis.timeout} (a hung or
     * overloaded Redis) fails with Mutiny's own TimeoutException, unwrapped: the same 503.
     */
    @ServerExceptionMapper
    public Response storeTimeout(io.smallrye.mutiny.TimeoutException e) {
        return storeUnreachable(e);
    }

    private static Response storeUnreachable(Throwable cause) {
        LOG.warnf("request refused, the data store is unreachable: %s", cause);
        return Response.fromResponse(json(503, "service_unavailable",
                "the data store is unreachable; try again shortly (POST /orders with the same Idempotency-Key)"))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    private static Response storeRefused(StoreRefusal.Refusal refusal, Throwable cause) {
        // One line: the reply Redis gave says everything; a stack trace per request would flood the log.
        LOG.warnf("request refused, %s: %s", refusal.reason(), firstLine(cause));
        return Response.fromResponse(json(503, "service_unavailable", refusal.reason()
                        + "; try again later (POST /orders with the same Idempotency-Key)"))
                .header("Retry-After", String.valueOf(refusal.retryAfterSeconds())).build();
    }

    private static String firstLine(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end) + " ...";
    }

    private static Response internalError(int status, Throwable failure) {
        LOG.error("request failed", failure);
        return json(status, "internal_error", "the request could not be completed");
    }

    static Response json(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(error, message)).build();
    }
}
