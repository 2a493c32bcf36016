package io.orderflow.shipping.api;

import io.orderflow.httpapi.ApiException;
import io.orderflow.httpapi.PageRequest;
import io.orderflow.shipping.config.ShippingConfig;
import io.orderflow.shipping.domain.Shipment;
import io.orderflow.shipping.store.ShipmentStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/shipments")
@Produces(MediaType.APPLICATION_JSON)
public class ShipmentResource {

    /** A shipment as the API shows it. */
    public record ShipmentView(String orderId, String trackingNumber, String carrier, String status, Instant createdAt) {
        static ShipmentView of(Shipment s) {
            return new ShipmentView(s.orderId(), s.trackingNumber(), s.carrier().displayName(), s.status(), s.createdAt());
        }
    }

    /** A page of shipments; {@code next_cursor} is null at the end. */
    public record ShipmentPage(List<ShipmentView> shipments, int count, String nextCursor) {
    }

    private final ShipmentStore shipments;
    private final ShippingConfig config;

    ShipmentResource(ShipmentStore shipments, ShippingConfig config) {
        this.shipments = shipments;
        this.config = config;
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "The shipment of an order")
    public ShipmentView get(@PathParam("orderId") String orderId) {
        return shipments.find(orderId).map(ShipmentView::of)
                .orElseThrow(() -> new ApiException(404, "shipment_not_found", "no shipment for order " + orderId));
    }

    @GET
    @Operation(summary = "Shipments, newest first")
    public ShipmentPage list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        PageRequest paging = PageRequest.of(limit, cursor, config.defaultPageSize(), config.maxPageSize());
        ShipmentStore.Page page = shipments.list(paging);
        return new ShipmentPage(page.shipments().stream().map(ShipmentView::of).toList(), page.shipments().size(),
                paging.nextCursor(page.more()));
    }
}
