package io.orderflow.order.api;

import io.orderflow.httpapi.ApiException;
import io.orderflow.httpapi.PageRequest;
import io.orderflow.order.config.OrderConfig;
import io.orderflow.order.domain.NewOrder;
import io.orderflow.order.domain.Order;
import io.orderflow.order.domain.OrderStatus;
import io.orderflow.order.store.OrderStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    private final OrderStore orders;
    private final OrderConfig config;
    private final OrderRequestParser parser;

    OrderResource(OrderStore orders, OrderConfig config) {
        this.orders = orders;
        this.config = config;
        this.parser = new OrderRequestParser(config.maxItems());
    }

    @POST
    @Operation(summary = "Place an order", description = "Stores the order and publishes OrderCreatedEvent in one step. "
            + "The total is computed by the server. With an Idempotency-Key, repeating the request returns the same order.")
    public Uni<Response> place(@HeaderParam("Content-Type") String contentType,
            @Parameter(description = "Makes retries safe: the same key and body give the same order, once")
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            InputStream body) {
        requireJson(contentType);
        if (body instanceof ByteArrayInputStream || !Context.isOnEventLoopThread()) {
            return place(RequestBody.read(body, config.maxBodySize()), idempotencyKey);
        }
        // Past RESTEasy's input buffer (quarkus.rest.input-buffer-size) the body streams in, and
        // reading it means waiting: on a worker. Orders that fit stay on the event loop throughout.
        return Uni.createFrom().item(() -> RequestBody.read(body, config.maxBodySize()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(text -> place(text, idempotencyKey));
    }

    private Uni<Response> place(String body, String idempotencyKey) {
        NewOrder request = parser.parse(body);
        if (idempotencyKey == null) {
            return orders.create(request).map(order -> created(order, false));
        }
        requireValidKey(idempotencyKey);
        // Check-then-act on a watched connection waits for Redis between its steps: on a worker.
        return Uni.createFrom().item(() -> placeOnce(request, idempotencyKey))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response placeOnce(NewOrder request, String idempotencyKey) {
        try {
            OrderStore.Created result = orders.create(request, idempotencyKey, fingerprint(request),
                    config.idempotencyRetention());
            return created(result.order(), result.replayed());
        } catch (OrderStore.IdempotencyConflict e) {
            throw new ApiException(422, "idempotency_key_reused", e.getMessage());
        }
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "One order, with its status, payment and shipment")
    public OrderView get(@PathParam("orderId") String orderId) {
        return orders.find(orderId).map(OrderView::of)
                .orElseThrow(() -> new ApiException(404, "order_not_found", "no order " + orderId));
    }

    @GET
    @Operation(summary = "Orders, newest first", description = "Filters: status, user_id. Paging: limit and cursor "
            + "(the next_cursor of the previous page).")
    public OrderPage list(@QueryParam("status") String status, @QueryParam("user_id") String userId,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Optional<OrderStatus> statusFilter = Optional.ofNullable(status).map(s -> OrderStatus.fromWireName(s)
                .orElseThrow(() -> ApiException.invalid("'status' must be one of created, paid, payment_failed, shipped")));
        PageRequest paging = PageRequest.of(limit, cursor, config.defaultPageSize(), config.maxPageSize());
        OrderStore.Page page = orders.list(statusFilter, Optional.ofNullable(userId).filter(u -> !u.isBlank()), paging);
        return new OrderPage(page.orders().stream().map(OrderView::of).toList(), page.orders().size(),
                paging.nextCursor(page.more()));
    }

    private static Response created(Order order, boolean replayed) {
        Response.ResponseBuilder response = Response.status(201).location(URI.create("/orders/" + order.orderId()))
                .entity(OrderView.of(order));
        if (replayed) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    private static void requireJson(String contentType) {
        if (contentType == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(parse(contentType))) {
            throw new ApiException(415, "unsupported_media_type", "send the order as Content-Type: application/json");
        }
    }

    private static MediaType parse(String contentType) {
        try {
            return MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            return MediaType.WILDCARD_TYPE.withCharset("invalid");
        }
    }

    private static void requireValidKey(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiException.invalid("'Idempotency-Key' must be 1 to 255 visible ASCII characters");
        }
    }

    /** What makes two requests "the same" for an Idempotency-Key: the user and the items. */
    private static String fingerprint(NewOrder request) {
        StringBuilder canonical = new StringBuilder(request.userId());
        request.items().forEach(i -> canonical.append('\n').append(i.productId()).append('\t').append(i.name())
                .append('\t').append(i.price().toPlainString()).append('\t').append(i.quantity()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
