package io.orderflow.bus.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.bus.queue.PendingEntry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(200), 2.0, Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    @Test
    void backoffGrowsExponentiallyUpToTheMaximum() {
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(40)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retriesUntilTheMaximumNumberOfAttempts() {
        assertThat(policy.mayRetryAfter(4)).isTrue();
        assertThat(policy.mayRetryAfter(5)).isFalse();
    }

    @Test
    void anOwnFailedEntryIsDueAfterItsBackoff() {
        assertThat(policy.isDue(pending(Duration.ofMillis(399), 2), true)).isFalse();
        assertThat(policy.isDue(pending(Duration.ofMillis(400), 2), true)).isTrue();
    }

    @Test
    void anotherConsumersEntryIsDueOnlyAfterClaimIdle() {
        assertThat(policy.isDue(pending(Duration.ofSeconds(29), 1), false)).isFalse();
        assertThat(policy.isDue(pending(Duration.ofSeconds(30), 1), false)).isTrue();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 2, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("max-attempts");
    }

    private static PendingEntry pending(Duration idle, long deliveries) {
        return new PendingEntry("1-0", "c", idle, deliveries);
    }
}
