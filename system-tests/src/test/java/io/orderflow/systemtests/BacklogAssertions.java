package io.orderflow.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.systemtests.redis.BusBacklog;

/** "Nothing left pending": every consumer group acknowledged all it was given, every DLQ is empty. */
final class BacklogAssertions {

    private BacklogAssertions() {
    }

    static void assertEmpty(BusBacklog backlog) {
        assertThat(backlog.pendingByGroup()).as("XPENDING per consumer group").isNotEmpty()
                .containsKeys("all-group", "sub:order-service-group", "sub:payment-service-group", "sub:shipping-service-group")
                .allSatisfy((group, pending) -> assertThat(pending).as("pending in %s", group).isZero());
        assertThat(backlog.deadLettersByQueue()).as("entries per dead-letter queue")
                .allSatisfy((dlq, length) -> assertThat(length).as("length of %s", dlq).isZero());
    }
}
