package io.orderflow.shipping.domain;

import java.util.Arrays;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The carriers a shipment may go with, by their names on the wire. */
public enum Carrier {
    FEDEX("FedEx"),
    UPS("UPS"),
    USPS("USPS"),
    DHL("DHL");

    private final String displayName;

    Carrier(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static Carrier pick(RandomGenerator random) {
        return values()[random.nextInt(values().length)];
    }

    public static Optional<Carrier> fromDisplayName(String name) {
        return Arrays.stream(values()).filter(c -> c.displayName.equals(name)).findFirst();
    }
}
