package io.orderflow.systemtests;

import java.util.Locale;

/** Timestamped steps of a long test on standard output, so a slow or failed CI run shows where its time went. */
final class Progress {

    private final String test;
    private final long started = System.nanoTime();

    Progress(Class<?> testClass) {
        this.test = testClass.getSimpleName();
    }

    void step(String format, Object... arguments) {
        System.out.printf(Locale.ROOT, "[%s +%.1fs] %s%n", test, (System.nanoTime() - started) / 1e9, String.format(Locale.ROOT, format, arguments));
    }
}
