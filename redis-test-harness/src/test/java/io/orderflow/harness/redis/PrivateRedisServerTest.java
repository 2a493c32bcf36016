package io.orderflow.harness.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PrivateRedisServerTest {

    @Test
    void startsOnAFreePortInATemporaryDirectoryAndCleansUp() {
        Path directory;
        try (PrivateRedisServer server = PrivateRedisServer.startNew()) {
            directory = server.directory();
            assertThat(server.port()).isNotEqualTo(6379);
            assertThat(RedisPing.answers(server.host(), server.port())).isTrue();
            assertThat(Files.isDirectory(directory)).isTrue();
        }
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void stopsAndStartsAgainOnTheSamePort() {
        try (PrivateRedisServer server = PrivateRedisServer.startNew()) {
            int port = server.port();

            server.stop();
            assertThat(RedisPing.answers(server.host(), port)).isFalse();

            server.start();
            assertThat(server.port()).isEqualTo(port);
            assertThat(RedisPing.answers(server.host(), port)).isTrue();
        }
    }

    @Test
    void passesExtraArgumentsToTheServer() {
        try (PrivateRedisServer server = PrivateRedisServer.startNew("--appendonly", "yes")) {
            assertThat(server.directory().resolve("appendonlydir")).exists();
        }
    }

    @Test
    void aServerCanBeShutDownByAddressAndStartedAgainOnItsPort() {
        try (PrivateRedisServer first = PrivateRedisServer.startNew()) {
            int port = first.port();

            PrivateRedisServer.shutdownNoSave(first.host(), port);
            assertThat(RedisPing.answers("127.0.0.1", port)).isFalse();

            try (PrivateRedisServer second = PrivateRedisServer.startNewOnPort(port)) {
                assertThat(RedisPing.answers("127.0.0.1", port)).isTrue();
            }
        }
    }
}
