package io.orderflow.systemtests;

/**
 * An order the test placed, whether it was made to be declined (total ending in .13), when its
 * 201 arrived ({@link System#nanoTime()}) and how many sends that took (more than one only when
 * it was placed through an outage).
 */
record PlacedOrder(String orderId, boolean declined, long acceptedAtNanos, int attempts) {

    /** The status it must end in, with every other payment succeeding. */
    String expectedStatus() {
        return declined ? "payment_failed" : "shipped";
    }
}
