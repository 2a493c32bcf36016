package io.orderflow.bus.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RedisErrorsTest {

    @Test
    void aRefusalOfRedisIsItsTroubleNotTheCallers() {
        assertThat(RedisErrors.isRefusedOrUnreachable(new CompletionException(new RuntimeException(
                "OOM command not allowed when used memory > 'maxmemory'. script: 4afd8781, on @user_script:1.")))).isTrue();
        // A pipelined transaction's failure lists the replies of its commands.
        assertThat(RedisErrors.isRefusedOrUnreachable(new RuntimeException("""
                ERR [1] OOM command not allowed when used memory > 'maxmemory'.
                ERR [2] EXECABORT Transaction discarded because of previous errors.""")))
                .isTrue();
        assertThat(RedisErrors.isRefusedOrUnreachable(new RuntimeException("LOADING Redis is loading the dataset in memory")))
                .isTrue();
        assertThat(RedisErrors.isRefusedOrUnreachable(new RuntimeException("BUSY Redis is busy running a script."))).isTrue();
    }

    @Test
    void anUnreachableOrSilentRedisIsItsTroubleNotTheCallers() {
        assertThat(RedisErrors.isRefusedOrUnreachable(new CompletionException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(RedisErrors.isRefusedOrUnreachable(new io.smallrye.mutiny.TimeoutException())).isTrue();
    }

    @Test
    void aHandlersOwnFailureOrAnErrorOfItsCommandIsNot() {
        assertThat(RedisErrors.isRefusedOrUnreachable(new IllegalStateException("boom"))).isFalse();
        assertThat(RedisErrors.isRefusedOrUnreachable(new RuntimeException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisErrors.isRefusedOrUnreachable(new RuntimeException(
                "BUSYGROUP Consumer Group name already exists"))).isFalse();
        assertThat(RedisErrors.isRefusedOrUnreachable(new IllegalStateException("payment of order-1 is BUSY elsewhere")))
                .isFalse();
    }

    @Test
    void aRefusedResetOrClosedConnectionOrATimeoutMeansTheStoreIsUnreachable() {
        assertThat(RedisErrors.isUnreachable(new CompletionException(new ConnectException("Connection refused: /127.0.0.1:6379")))).isTrue();
        assertThat(RedisErrors.isUnreachable(new CompletionException(new SocketException("Connection reset")))).isTrue();
        assertThat(RedisErrors.isUnreachable(new CompletionException(new ClosedChannelException()))).isTrue();
        assertThat(RedisErrors.isUnreachable(new CompletionException(new RuntimeException(new TimeoutException())))).isTrue();
    }

    @Test
    void aBlockingCallThatRedisNeverAnsweredMeansTheStoreIsUnreachable() {
        // What Quarkus's blocking client throws, unwrapped, when quarkus.redis.timeout runs out.
        assertThat(RedisErrors.isUnreachable(new io.smallrye.mutiny.TimeoutException())).isTrue();
    }

    @Test
    void anErrorRedisAnsweredOrABugIsNotAnOutage() {
        assertThat(RedisErrors.isUnreachable(new CompletionException(new IllegalStateException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")))).isFalse();
        assertThat(RedisErrors.isUnreachable(new CompletionException(new NullPointerException()))).isFalse();
    }
}
