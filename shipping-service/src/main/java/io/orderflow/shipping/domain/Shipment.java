package io.orderflow.shipping.domain;

import java.time.Instant;

/** The one shipment of a paid order. */
public record Shipment(String orderId, String trackingNumber, Carrier carrier, String status, Instant createdAt) {

    public static final String SHIPPED = "shipped";
}
