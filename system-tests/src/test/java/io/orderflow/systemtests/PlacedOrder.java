package io.orderflow.systemtests;

/** An order the test placed, and whether it was made to be declined (total ending in .13). */
record PlacedOrder(String orderId, boolean declined) {

    /** The status it must end in, with every other payment succeeding. */
    String expectedStatus() {
        return declined ? "payment_failed" : "shipped";
    }
}
