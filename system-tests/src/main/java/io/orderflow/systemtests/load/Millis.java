package io.orderflow.systemtests.load;

import java.time.Duration;
import java.util.Locale;

/** Durations as the report shows them: milliseconds with two decimals. */
final class Millis {

    private Millis() {
    }

    static String of(Duration duration) {
        return String.format(Locale.ROOT, "%.2f ms", duration.toNanos() / 1e6);
    }
}
