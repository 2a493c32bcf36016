package io.orderflow.shipping.domain;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** Tracking numbers as the reference makes them: {@code TRACK-} and 8 uppercase hex digits. */
public final class TrackingNumbers {

    public static final String PATTERN = "TRACK-[0-9A-F]{8}";

    private TrackingNumbers() {
    }

    public static String next(RandomGenerator random) {
        return "TRACK-" + HexFormat.of().withUpperCase().toHexDigits(random.nextInt());
    }
}
