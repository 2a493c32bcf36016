package io.orderflow.benchmarks.fanout;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the throughput out of {@code redis-benchmark -q} output. Redis 7 prints
 * {@code XADD benchkey * f v: 312345.67 requests per second, p50=0.815 msec}, older versions stop
 * after "second"; both overwrite live progress ({@code rps=...}) with carriage returns first.
 */
final class RedisBenchmarkOutput {

    private static final Pattern RESULT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) requests per second");

    private RedisBenchmarkOutput() {
    }

    /** The requests per second of the last result line, empty when there is none. */
    static OptionalDouble requestsPerSecond(String output) {
        OptionalDouble found = OptionalDouble.empty();
        // Progress lines end in \r, results in \n: either separates one report from the next.
        for (String line : output.split("[\r\n]+")) {
            Matcher matcher = RESULT.matcher(line);
            if (matcher.find()) {
                found = OptionalDouble.of(Double.parseDouble(matcher.group(1)));
            }
        }
        return found;
    }
}
