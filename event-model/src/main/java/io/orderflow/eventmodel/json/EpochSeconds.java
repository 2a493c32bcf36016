package io.orderflow.eventmodel.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * Converts between {@link Instant} and the reference's timestamps: epoch seconds as a decimal
 * number with fraction. Goes through {@link BigDecimal}, never a double, so a Python timestamp
 * such as {@code 1795446637.1776016} survives a round trip digit for digit.
 */
public final class EpochSeconds {

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private EpochSeconds() {
    }

    public static BigDecimal fromInstant(Instant instant) {
        BigDecimal seconds = BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9))
                .stripTrailingZeros();
        // Always write a fraction, as Python's time.time() does (1795446637.0, not 1795446637).
        return seconds.scale() < 1 ? seconds.setScale(1) : seconds;
    }

    /** @throws ArithmeticException when the value does not fit an Instant */
    public static Instant toInstant(BigDecimal seconds) {
        BigInteger[] split = seconds.multiply(NANOS_PER_SECOND).toBigInteger()
                .divideAndRemainder(NANOS_PER_SECOND.toBigInteger());
        return Instant.ofEpochSecond(split[0].longValueExact(), split[1].longValueExact());
    }
}
