package io.orderflow.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class StoreRefusalTest {

    @Test
    void aRedisOutOfMemoryInATransactionIsARefusalToRetryLater() {
        // What the Vert.x client reports for a pipelined MULTI/EXEC that Redis refused command by command.
        var batch = new RuntimeException("""
                ERR [1] OOM command not allowed when used memory > 'maxmemory'.
                ERR [2] OOM command not allowed when used memory > 'maxmemory'.
                ERR [3] EXECABORT Transaction discarded because of previous errors.""");
        assertThat(StoreRefusal.in(batch)).hasValueSatisfying(refusal -> {
            assertThat(refusal.reason()).contains("out of memory");
            assertThat(refusal.retryAfterSeconds()).isEqualTo(30);
        });
        assertThat(StoreRefusal.in(new CompletionException(new RuntimeException(
                "OOM command not allowed when used memory > 'maxmemory'.")))).isPresent();
    }

    @Test
    void aRedisLoadingOrBusyIsARefusalToRetrySoon() {
        assertThat(StoreRefusal.in(new RuntimeException("LOADING Redis is loading the dataset in memory")))
                .hasValueSatisfying(refusal -> assertThat(refusal.retryAfterSeconds()).isEqualTo(1));
        assertThat(StoreRefusal.in(new RuntimeException("BUSY Redis is busy running a script.")))
                .hasValueSatisfying(refusal -> assertThat(refusal.reason()).contains("script"));
        assertThat(StoreRefusal.in(new RuntimeException("READONLY You can't write against a read only replica."))).isPresent();
    }

    @Test
    void anErrorThatOnlyMentionsACodeOrABugIsNoRefusal() {
        assertThat(StoreRefusal.in(new RuntimeException("WRONGTYPE Operation against a key holding the wrong kind of value")))
                .isEmpty();
        assertThat(StoreRefusal.in(new IllegalStateException("order o-1 is BUSY elsewhere"))).isEmpty();
        assertThat(StoreRefusal.in(new NullPointerException())).isEmpty();
    }
}
