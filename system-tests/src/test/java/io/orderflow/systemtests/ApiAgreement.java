package io.orderflow.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.systemtests.api.PaymentApi;
import io.orderflow.systemtests.api.ShippingApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the three services tell the same story about an order: order-service's
 * {@code payment_id}, {@code total} and status match the one payment payment-service lists for
 * it; a shipped order's {@code tracking_number} and {@code carrier} match shipping-service's
 * shipment; an order whose payment failed has no shipment.
 */
final class ApiAgreement {

    private final PaymentApi payments;
    private final ShippingApi shipping;

    ApiAgreement(PaymentApi payments, ShippingApi shipping) {
        this.payments = payments;
        this.shipping = shipping;
    }

    /** Every disagreement found, one line each naming the order; empty when all agree. */
    List<String> disagreements(Iterable<JsonNode> orders) {
        List<String> found = new ArrayList<>();
        for (JsonNode order : orders) {
            found.addAll(disagreements(order));
        }
        return found;
    }

    List<String> disagreements(JsonNode order) {
        String id = order.path("order_id").asText();
        String status = order.path("status").asText();
        List<String> found = new ArrayList<>();

        List<JsonNode> listed = payments.ofOrder(id);
        if (listed.size() != 1) {
            found.add(id + ": payment-service lists " + listed.size() + " payments");
        } else {
            JsonNode payment = listed.get(0);
            expectEqual(found, id, "payment_id", text(order, "payment_id"), text(payment, "payment_id"));
            if (order.path("total").decimalValue().compareTo(payment.path("amount").decimalValue()) != 0) {
                found.add(id + ": order total " + order.path("total") + " but payment amount " + payment.path("amount"));
            }
            String expectedPayment = "payment_failed".equals(status) ? "failed" : "succeeded";
            expectEqual(found, id, "payment status for order status " + status, expectedPayment, text(payment, "status"));
        }

        Optional<JsonNode> shipment = shipping.ofOrder(id);
        if ("shipped".equals(status)) {
            if (shipment.isEmpty()) {
                found.add(id + ": shipped, but shipping-service has no shipment");
            } else {
                expectEqual(found, id, "tracking_number", text(order, "tracking_number"), text(shipment.get(), "tracking_number"));
                expectEqual(found, id, "carrier", text(order, "carrier"), text(shipment.get(), "carrier"));
            }
        } else if ("payment_failed".equals(status)) {
            shipment.ifPresent(s -> found.add(id + ": payment failed, yet shipping-service has shipment " + s));
            if (!order.path("tracking_number").isNull()) {
                found.add(id + ": payment failed, yet the order has tracking number " + order.path("tracking_number"));
            }
        } else {
            found.add(id + ": not terminal (" + status + ")");
        }
        return found;
    }

    private static void expectEqual(List<String> found, String id, String what, String orderSays, String otherSays) {
        if (orderSays == null || !Objects.equals(orderSays, otherSays)) {
            found.add(id + ": " + what + " is " + orderSays + " at order-service but " + otherSays + " at the other service");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
