package io.orderflow.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** order-service settings, prefix {@code orderflow.order}. */
@ConfigMapping(prefix = "orderflow.order")
public interface OrderConfig {

    /** Largest request body accepted by POST /orders, in bytes; larger ones get a 413. */
    @WithDefault("65536")
    int maxBodySize();

    /** Most items one order may have. */
    @WithDefault("100")
    int maxItems();

    /** How long an Idempotency-Key is remembered. */
    @WithDefault("24h")
    Duration idempotencyRetention();

    /** Page size of GET /orders when no limit is given. */
    @WithDefault("50")
    int defaultPageSize();

    /** Largest page GET /orders returns. */
    @WithDefault("500")
    int maxPageSize();
}
