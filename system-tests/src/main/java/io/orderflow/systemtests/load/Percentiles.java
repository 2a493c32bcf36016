package io.orderflow.systemtests.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** p50, p95, p99 and max of a set of durations, by the nearest-rank method (no interpolation). */
public record Percentiles(int count, Duration p50, Duration p95, Duration p99, Duration max) {

    public static Percentiles of(List<Duration> samples) {
        if (samples.isEmpty()) {
            return new Percentiles(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        List<Duration> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return new Percentiles(sorted.size(), rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static Duration rank(List<Duration> sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    @Override
    public String toString() {
        return "p50 " + Millis.of(p50) + ", p95 " + Millis.of(p95) + ", p99 " + Millis.of(p99) + ", max " + Millis.of(max)
                + " (" + count + " samples)";
    }
}
