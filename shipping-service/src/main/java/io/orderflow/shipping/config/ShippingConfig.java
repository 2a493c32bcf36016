package io.orderflow.shipping.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The shipping simulation, prefix {@code orderflow.shipping}. */
@ConfigMapping(prefix = "orderflow.shipping")
public interface ShippingConfig {

    /** How long preparing a shipment takes ({@code 0s} turns the delay off). */
    @WithDefault("2s")
    Duration delay();

    /** Page size of GET /shipments when no limit is given. */
    @WithDefault("50")
    int defaultPageSize();

    /** Largest page GET /shipments returns. */
    @WithDefault("500")
    int maxPageSize();
}
