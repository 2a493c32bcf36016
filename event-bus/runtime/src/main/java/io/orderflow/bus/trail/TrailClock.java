package io.orderflow.bus.trail;

import java.time.Instant;

/** Trail times are epoch microseconds: hops on one machine take well under a millisecond. */
public final class TrailClock {

    private TrailClock() {
    }

    public static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
