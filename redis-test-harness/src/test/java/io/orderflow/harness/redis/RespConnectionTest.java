package io.orderflow.harness.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RespConnectionTest {

    private static PrivateRedisServer server;

    @BeforeAll
    static void startRedis() {
        server = PrivateRedisServer.startNew();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void callAnswersStringsNumbersListsAndNil() {
        try (RespConnection redis = new RespConnection(server.host(), server.port())) {
            assertThat(redis.call("SET", "call:key", "värde")).isEqualTo("OK");
            assertThat(redis.call("GET", "call:key")).isEqualTo("värde");
            assertThat(redis.callForLong("RPUSH", "call:list", "a", "b")).isEqualTo(2);
            assertThat(redis.callForList("LRANGE", "call:list", "0", "-1")).containsExactly("a", "b");
            assertThat(redis.call("GET", "call:missing")).isNull();
        }
    }

    @Test
    void anErrorReplyThrowsWithRedisMessage() {
        try (RespConnection redis = new RespConnection(server.host(), server.port())) {
            redis.call("SET", "error:key", "text");
            assertThatThrownBy(() -> redis.call("XLEN", "error:key"))
                    .isInstanceOf(RespConnection.RedisErrorReply.class)
                    .hasMessageStartingWith("WRONGTYPE");
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInTheOrderTheyWereQueued() {
        try (RespConnection redis = new RespConnection(server.host(), server.port())) {
            for (int i = 1; i <= 1000; i++) {
                redis.queue("INCR", "pipeline:counter");
            }
            redis.flush();
            for (long expected = 1; expected <= 1000; expected++) {
                assertThat(redis.readRaw()).isEqualTo(expected);
            }
        }
    }

    @Test
    void rawRepliesGiveBackTheBytesStoredEvenWhenTheyAreNotUtf8() {
        byte[] value = {(byte) 0xff, 0, '\r', '\n', (byte) 0xc3};
        try (RespConnection redis = new RespConnection(server.host(), server.port())) {
            redis.queue("SET", "raw:key", value);
            redis.queue("GET", "raw:key");
            redis.flush();

            assertThat(redis.readRaw()).isEqualTo("OK");
            assertThat((byte[]) redis.readRaw()).containsExactly(value);
        }
    }

    @Test
    void aFailedCommandInsideExecStandsAsAnElementOfItsReply() {
        try (RespConnection redis = new RespConnection(server.host(), server.port())) {
            redis.call("SET", "exec:text", "not a number");
            redis.queue("MULTI");
            redis.queue("INCR", "exec:text");
            redis.queue("INCR", "exec:counter");
            redis.queue("EXEC");
            redis.flush();

            assertThat(redis.readRaw()).isEqualTo("OK");
            assertThat(redis.readRaw()).isEqualTo("QUEUED");
            assertThat(redis.readRaw()).isEqualTo("QUEUED");
            List<?> results = (List<?>) redis.readRaw();
            assertThat(results.get(0)).isInstanceOf(RespConnection.RedisErrorReply.class);
            assertThat(results.get(1)).isEqualTo(1L);
        }
    }
}
