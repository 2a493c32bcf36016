package io.orderflow.payment.api;

import io.orderflow.httpapi.ApiException;
import io.orderflow.httpapi.PageRequest;
import io.orderflow.payment.config.PaymentConfig;
import io.orderflow.payment.domain.Payment;
import io.orderflow.payment.store.PaymentStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    /** A payment as the API shows it. */
    public record PaymentView(String paymentId, String orderId, BigDecimal amount, String status, Instant createdAt) {
        static PaymentView of(Payment p) {
            return new PaymentView(p.paymentId(), p.orderId(), p.amount(), p.status().wireName(), p.createdAt());
        }
    }

    /** A page of payments; {@code next_cursor} is null at the end. */
    public record PaymentPage(List<PaymentView> payments, int count, String nextCursor) {
    }

    private final PaymentStore payments;
    private final PaymentConfig config;

    PaymentResource(PaymentStore payments, PaymentConfig config) {
        this.payments = payments;
        this.config = config;
    }

    @GET
    @Path("/{paymentId}")
    @Operation(summary = "One payment")
    public PaymentView get(@PathParam("paymentId") String paymentId) {
        return payments.find(paymentId).map(PaymentView::of)
                .orElseThrow(() -> new ApiException(404, "payment_not_found", "no payment " + paymentId));
    }

    @GET
    @Operation(summary = "Payments, newest first; with order_id, the payment of that order (at most one)")
    public PaymentPage list(@QueryParam("order_id") String orderId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        PageRequest paging = PageRequest.of(limit, cursor, config.defaultPageSize(), config.maxPageSize());
        if (orderId != null) {
            List<PaymentView> found = payments.findByOrder(orderId).map(PaymentView::of).stream().toList();
            return new PaymentPage(found, found.size(), null);
        }
        PaymentStore.Page page = payments.list(paging);
        return new PaymentPage(page.payments().stream().map(PaymentView::of).toList(), page.payments().size(),
                paging.nextCursor(page.more()));
    }
}
