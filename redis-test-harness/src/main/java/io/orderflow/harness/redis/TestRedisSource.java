package io.orderflow.harness.redis;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses the Redis a test runs against, in this order:
 * <ol>
 * <li>{@code QUARKUS_REDIS_HOSTS} or {@code REDIS_URL}, when set: the caller chose a server;</li>
 * <li>a private {@code redis-server} from the PATH, on a free port in a temporary directory;</li>
 * <li>a {@code redis:7} container through Testcontainers, when Docker is available;</li>
 * <li>otherwise an error that says how to get Redis.</li>
 * </ol>
 * Never a mock: every test of this project talks to a real server.
 */
public final class TestRedisSource {

    static final String NO_REDIS_HELP = """
            No Redis for the tests. Any one of these works:
              - install redis-server (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis)
                so that it is on the PATH: each test run starts a private one on a free port;
              - start Docker: the tests then run redis:7 through Testcontainers;
              - point the tests at a server you run: export QUARKUS_REDIS_HOSTS=redis://localhost:6379
                (its data is shared with whatever else uses it).""";

    private TestRedisSource() {
    }

    public static TestRedis start() {
        Optional<String> configured = configuredUri();
        if (configured.isPresent()) {
            return new ConfiguredRedis(URI.create(configured.get()));
        }
        Optional<Path> redisServer = findOnPath("redis-server");
        if (redisServer.isPresent()) {
            return PrivateRedisServer.startNew(redisServer.get());
        }
        if (dockerAvailable()) {
            return ContainerRedis.create();
        }
        throw new IllegalStateException(NO_REDIS_HELP);
    }

    static Optional<String> configuredUri() {
        for (String variable : new String[] {"QUARKUS_REDIS_HOSTS", "REDIS_URL"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                // QUARKUS_REDIS_HOSTS may list several hosts; the tests use the first.
                return Optional.of(value.split(",")[0].trim());
            }
        }
        return Optional.empty();
    }

    static Optional<Path> findOnPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
