package io.orderflow.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class StoreUnreachableTest {

    @Test
    void aRefusedResetOrClosedConnectionOrATimeoutMeansTheStoreIsUnreachable() {
        assertThat(StoreUnreachable.isCauseOf(new CompletionException(new ConnectException("Connection refused: /127.0.0.1:6379")))).isTrue();
        assertThat(StoreUnreachable.isCauseOf(new CompletionException(new SocketException("Connection reset")))).isTrue();
        assertThat(StoreUnreachable.isCauseOf(new CompletionException(new ClosedChannelException()))).isTrue();
        assertThat(StoreUnreachable.isCauseOf(new CompletionException(new RuntimeException(new TimeoutException())))).isTrue();
    }

    @Test
    void aBlockingCallThatRedisNeverAnsweredMeansTheStoreIsUnreachable() {
        // What Quarkus's blocking client throws, unwrapped, when quarkus.redis.timeout runs out.
        assertThat(StoreUnreachable.isCauseOf(new io.smallrye.mutiny.TimeoutException())).isTrue();
    }

    @Test
    void anErrorRedisAnsweredOrABugIsNotAnOutage() {
        assertThat(StoreUnreachable.isCauseOf(new CompletionException(new IllegalStateException(
                "WRONGTYPE Operation against a key holding the wrong kind of value")))).isFalse();
        assertThat(StoreUnreachable.isCauseOf(new CompletionException(new NullPointerException()))).isFalse();
    }
}
