package io.orderflow.httpapi;

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
        if (StoreUnreachable.isCauseOf(e)) {
            return storeUnreachable(e.getCause());
        }
        return internalError(500, e);
    }

    /**
     * A reactive endpoint gets the Redis client's failure as it is, not wrapped: a refused or
     * lost connection is the same 503.
     */
    @ServerExceptionMapper
    public Response ioFailure(IOException e) {
        if (StoreUnreachable.isCauseOf(e)) {
            return storeUnreachable(e);
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

    private static Response internalError(int status, Throwable failure) {
        LOG.error("request failed", failure);
        return json(status, "internal_error", "the request could not be completed");
    }

    static Response json(int status, String error, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(error, message)).build();
    }
}
