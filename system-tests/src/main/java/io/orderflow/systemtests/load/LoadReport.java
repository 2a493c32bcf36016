package io.orderflow.systemtests.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The driver's figures as a Markdown table: each target of issue 4 next to what was measured,
 * whether it was met, and the Python reference's figure on this machine for context.
 */
final class LoadReport {

    private static final long MAX_RSS_BYTES = 200L * 1024 * 1024;
    private static final Duration MAX_READY = Duration.ofSeconds(3);

    private final List<String> rows = new ArrayList<>();

    LoadReport(MaxRateRun.Result max, CpuPerOrder maxRateCpu, FixedRateRun.Result fixed, CpuPerOrder fixedRateCpu,
            List<InstanceFigures> instances) {
        rows.add("| figure | target | measured | met | Python reference |");
        rows.add("|---|---|---|---|---|");
        row("sustained orders/s at maximum rate (placed and finished, first POST to last order done)", ">= 2,000",
                perSecond(max.sustainedPerSecond()) + " (" + max.ordersInRun() + " orders in "
                        + String.format(Locale.ROOT, "%.1f s", MaxRateRun.seconds(max.runTime())) + ")",
                max.sustainedPerSecond() >= 2000, "142 (burst)");
        row("accepted POST /orders per second in the window", "", perSecond(max.acceptedPerSecond()), null, "");
        row("orders finished (shipped or payment_failed) per second in the window", "", perSecond(max.completedPerSecond()),
                null, "");
        row("POST round trip at maximum rate, p50 / p99", "", Millis.of(max.postLatency().p50()) + " / "
                + Millis.of(max.postLatency().p99()), null, "");
        row("backlog when the window closed, time to drain it", "", max.backlogAtEnd() + " orders, "
                + String.format(Locale.ROOT, "%.1f s", MaxRateRun.seconds(max.drainTime())), null, "");
        row("CPU per order at maximum rate (warm-up, window and drain), by process", "", maxRateCpu.toString(), null, "");
        row("Redis commands per order at maximum rate", "", String.format(Locale.ROOT, "%.1f (%s)",
                maxRateCpu.redisCommandsPerOrder(), maxRateCpu.topRedisCommandsPerOrder(8)), null, "");
        row("orders/s the CPUs of this machine could carry at that cost", "", perSecond(maxRateCpu.ordersPerSecondOn(
                Runtime.getRuntime().availableProcessors())), null, "");
        String at = " at " + fixed.rate() + " orders/s";
        row("POST-to-shipped p50" + at, "<= 3 ms", Millis.of(fixed.toShipped().p50()),
                fixed.toShipped().p50().compareTo(Duration.ofMillis(3)) <= 0, "8 ms (at 40 orders/s)");
        row("POST-to-shipped p95" + at, "", Millis.of(fixed.toShipped().p95()), null, "");
        row("POST-to-shipped p99" + at, "<= 10 ms", Millis.of(fixed.toShipped().p99()),
                fixed.toShipped().p99().compareTo(Duration.ofMillis(10)) <= 0, "10-13 ms (at 40 orders/s)");
        row("POST-to-OrderShippedEvent p50 / p99" + at, "", Millis.of(fixed.toShipmentEvent().p50()) + " / "
                + Millis.of(fixed.toShipmentEvent().p99()), null, "");
        row("POST round trip p50 / p99" + at, "", Millis.of(fixed.postRoundTrip().p50()) + " / "
                + Millis.of(fixed.postRoundTrip().p99()), null, "");
        row("CPU per order" + at + ", by process (with the driver's GET /orders/{id} reads)", "", fixedRateCpu.toString(), null, "");
        for (InstanceFigures instance : instances) {
            row("resident memory of " + instance.name() + " after the runs (peak)", "<= 200 MB",
                    String.format(Locale.ROOT, "%.0f MB (%.0f MB), %d threads", instance.residentMegabytes(),
                            instance.peakResidentMegabytes(), instance.threads()),
                    instance.peakResidentBytes() <= MAX_RSS_BYTES, "");
        }
        for (InstanceFigures instance : instances) {
            row("process start to ready, " + instance.name(), "<= 3 s",
                    String.format(Locale.ROOT, "%.2f s", MaxRateRun.seconds(instance.timeToReady())),
                    instance.timeToReady().compareTo(MAX_READY) <= 0, "");
        }
    }

    String markdown() {
        return String.join("\n", rows) + "\n";
    }

    private void row(String figure, String target, String measured, Boolean met, String reference) {
        rows.add("| " + figure + " | " + target + " | " + measured + " | " + (met == null ? "" : met ? "yes" : "**no**") + " | "
                + reference + " |");
    }

    private static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
