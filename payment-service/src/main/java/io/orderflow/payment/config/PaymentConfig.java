package io.orderflow.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The payment simulation, prefix {@code orderflow.payment}. */
@ConfigMapping(prefix = "orderflow.payment")
public interface PaymentConfig {

    /** How long a simulated charge takes ({@code 0s} turns the delay off). */
    @WithDefault("1.5s")
    Duration delay();

    /** Share of charges that succeed, from 0 to 1. */
    @WithDefault("0.9")
    double successRate();

    /**
     * Totals whose cents are this number always fail, whatever the success rate, so that tests
     * and demos can make a payment fail on purpose (default: totals ending in .13). -1 turns it off.
     */
    @WithDefault("13")
    int declinedCents();

    /** Page size of GET /payments when no limit is given. */
    @WithDefault("50")
    int defaultPageSize();

    /** Largest page GET /payments returns. */
    @WithDefault("500")
    int maxPageSize();
}
