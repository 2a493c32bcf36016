package io.orderflow.benchmarks.fanout;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's verdict: fan-out against the raw XADD ceiling of the same Redis. With two
 * subscribers each event costs two XADDs, so raw/2 is the fan-out a distributor that did nothing
 * but write could reach; the issue asks for at least 40 % of it.
 */
final class FanOutReport {

    static final double TARGET_RATIO = 0.40;
    static final int SUBSCRIBERS = FanOutTopology.SUBSCRIBER_QUEUES.size();
    /** LeanMQ's distributor on this kind of machine, one subscriber (from the issue). */
    static final String PYTHON_REFERENCE = "~1,200 events/s (LeanMQ, 1 subscriber)";

    private final RawXaddCeiling.Result ceilingBefore;
    private final RawXaddCeiling.Result ceilingAfter;
    private final RawXaddCeiling.Result entryCeiling;
    private final BacklogSeeder.Backlog backlog;
    private final FanOutDrain.Drain drain;
    private final Optional<FanOutDrain.Drain> scriptDrain;
    private final List<CopyBound.Result> bound;

    /**
     * The ceiling (one-byte values), measured before and after the drain, decides the
     * verdict: the higher of the two, so that a measurement taken while the machine was busy
     * cannot make the ratio look better. {@code entryCeiling} (XADD of a real entry) is context:
     * what Redis can do with the bytes the fan-out moves.
     */
    FanOutReport(RawXaddCeiling.Result ceilingBefore, RawXaddCeiling.Result ceilingAfter, RawXaddCeiling.Result entryCeiling,
            BacklogSeeder.Backlog backlog, FanOutDrain.Drain drain, Optional<FanOutDrain.Drain> scriptDrain,
            List<CopyBound.Result> bound) {
        this.ceilingBefore = ceilingBefore;
        this.ceilingAfter = ceilingAfter;
        this.entryCeiling = entryCeiling;
        this.backlog = backlog;
        this.drain = drain;
        this.scriptDrain = scriptDrain;
        this.bound = List.copyOf(bound);
    }

    /** What routed a drain's new entries. */
    static String routing(FanOutDrain.Drain drain) {
        return drain.routedByModule() ? "ORDERFLOW.ROUTE (Orderflow's Redis module)" : "the Lua script (RouteNewScript)";
    }

    double rawOpsPerSecond() {
        return Math.max(ceilingBefore.opsPerSecond(), ceilingAfter.opsPerSecond());
    }

    double ceilingPerSubscriberCopy() {
        return rawOpsPerSecond() / SUBSCRIBERS;
    }

    double ratio() {
        return drain.eventsPerSecond() / ceilingPerSubscriberCopy();
    }

    boolean meetsTarget() {
        return ratio() >= TARGET_RATIO;
    }

    void print(PrintStream out) {
        out.println();
        out.println("| measure | value |");
        out.println("|---|---:|");
        out.printf("| raw XADD ops/s (redis-benchmark, -c 50 -P 16; higher of %,.0f before and %,.0f after) | %,.0f |%n",
                ceilingBefore.opsPerSecond(), ceilingAfter.opsPerSecond(), rawOpsPerSecond());
        row(out, "raw / " + SUBSCRIBERS + " (ceiling for " + SUBSCRIBERS + " subscribers)", "%,.0f", ceilingPerSubscriberCopy());
        row(out, "routed by", "%s", routing(drain));
        row(out, "fan-out events/s (" + SUBSCRIBERS + " subscribers)", "%,.0f", drain.eventsPerSecond());
        row(out, "fan-out copies/s", "%,.0f", drain.eventsPerSecond() * SUBSCRIBERS);
        row(out, "drain time for " + String.format("%,d", drain.events()) + " events", "%.3f s", drain.seconds());
        row(out, "ratio fan-out / (raw / " + SUBSCRIBERS + ")", "%.1f %%", ratio() * 100);
        row(out, "target", ">= %.0f %%", TARGET_RATIO * 100);
        scriptDrain.ifPresent(script -> row(out, "the same backlog routed by the Lua script instead (module off, same run)",
                "%s", String.format("%,.0f events/s, %.1f %%; the module made %.2f times as much", script.eventsPerSecond(),
                        100 * script.eventsPerSecond() / ceilingPerSubscriberCopy(),
                        drain.eventsPerSecond() / script.eventsPerSecond())));
        row(out, "context: raw XADD ops/s of a real " + backlog.sampleEntry().length() + "-byte entry",
                "%,.0f", entryCeiling.opsPerSecond());
        row(out, "context: ratio fan-out / (that raw / " + SUBSCRIBERS + ")", "%.1f %%",
                100 * drain.eventsPerSecond() / (entryCeiling.opsPerSecond() / SUBSCRIBERS));
        for (CopyBound.Result result : bound) {
            row(out, "bound: " + result.variant().description(), "%s",
                    String.format("%,.0f events/s, %.1f %% (CPU per event: Redis %.1f us, JVM %.1f us)",
                            result.eventsPerSecond(), 100 * result.eventsPerSecond() / ceilingPerSubscriberCopy(),
                            result.cpu().redisMicros(), result.cpu().jvmMicros()));
        }
        out.printf("| %s | %s |%n", "Python reference", PYTHON_REFERENCE);
        row(out, "seeding (not timed as fan-out)", "%,.0f events/s", backlog.events() / backlog.seconds());
        out.println();
        out.printf("VERDICT: %s: fan-out %,.0f events/s is %.1f %% of raw XADD / %d (%,.0f); target >= %.0f %%; routed by %s%n",
                meetsTarget() ? "PASS" : "FAIL", drain.eventsPerSecond(), ratio() * 100, SUBSCRIBERS,
                ceilingPerSubscriberCopy(), TARGET_RATIO * 100, routing(drain));
    }

    private static void row(PrintStream out, String measure, String format, Object value) {
        out.printf("| %s | %s |%n", measure, String.format(format, value));
    }
}
