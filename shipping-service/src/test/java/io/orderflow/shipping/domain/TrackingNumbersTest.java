package io.orderflow.shipping.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrackingNumbersTest {

    @Test
    void trackingNumbersAreTrackAndEightUppercaseHexDigits() {
        Random random = new Random(7);

        IntStream.range(0, 1000).forEach(i -> assertThat(TrackingNumbers.next(random)).matches(TrackingNumbers.PATTERN));
    }

    @Test
    void carriersAreTheFourKnownOnes() {
        assertThat(java.util.Arrays.stream(Carrier.values()).map(Carrier::displayName))
                .containsExactly("FedEx", "UPS", "USPS", "DHL");
        Random random = new Random(1);
        assertThat(IntStream.range(0, 200).mapToObj(i -> Carrier.pick(random)).distinct()).hasSize(4);
    }
}
