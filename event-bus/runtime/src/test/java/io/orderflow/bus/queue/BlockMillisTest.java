package io.orderflow.bus.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlockMillisTest {

    @Test
    void aWaitShorterThanAMillisecondBlocksForOneNeverForEver() {
        assertThat(Queues.blockMillis(Duration.ofNanos(300_000))).isOne();
        assertThat(Queues.blockMillis(Duration.ofNanos(1))).isOne();
    }

    @Test
    void noWaitOrANegativeOneBlocksForOneMillisecond() {
        assertThat(Queues.blockMillis(Duration.ZERO)).isOne();
        assertThat(Queues.blockMillis(Duration.ofMillis(-5))).isOne();
    }

    @Test
    void partsOfAMillisecondRoundUpAndWholeMillisecondsStay() {
        assertThat(Queues.blockMillis(Duration.ofMillis(250))).isEqualTo(250);
        assertThat(Queues.blockMillis(Duration.ofNanos(249_400_000))).isEqualTo(250);
        assertThat(Queues.blockMillis(Duration.ofSeconds(2))).isEqualTo(2_000);
    }
}
