package io.orderflow.payment.domain;

import io.orderflow.eventmodel.domain.PaymentStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.DoubleSupplier;

/**
 * Decides whether a simulated charge succeeds: totals with the declined cents always fail;
 * the others succeed with the configured rate.
 */
public final class ChargeSimulator {

    private final double successRate;
    private final int declinedCents;
    private final DoubleSupplier random;

    public ChargeSimulator(double successRate, int declinedCents, DoubleSupplier random) {
        if (successRate < 0 || successRate > 1 || Double.isNaN(successRate)) {
            throw new IllegalArgumentException("orderflow.payment.success-rate must be between 0 and 1, was " + successRate);
        }
        this.successRate = successRate;
        this.declinedCents = declinedCents;
        this.random = random;
    }

    public PaymentStatus charge(BigDecimal amount) {
        if (cents(amount) == declinedCents) {
            return PaymentStatus.FAILED;
        }
        return random.getAsDouble() < successRate ? PaymentStatus.SUCCEEDED : PaymentStatus.FAILED;
    }

    private static int cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).remainder(BigDecimal.ONE).movePointRight(2).intValue();
    }
}
