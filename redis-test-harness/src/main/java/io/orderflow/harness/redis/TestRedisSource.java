package io.orderflow.harness.redis;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    static final String MODULE_PROPERTY = "orderflow.redis-module";

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

    /**
     * A Redis of the test's own with Orderflow's Redis module (event-bus/redis-module) loaded: a
     * private {@code redis-server} from the PATH, or a {@code redis:7} container given the module.
     * {@code serverArguments} are added to redis-server's command line. A configured server is not
     * used: a test cannot load a module into it.
     */
    public static TestRedis startWithOrderflowModule(String... serverArguments) {
        Path module = orderflowModule();
        Optional<Path> redisServer = findOnPath("redis-server");
        if (redisServer.isPresent()) {
            List<String> arguments = new ArrayList<>(List.of("--loadmodule", module.toString()));
            arguments.addAll(List.of(serverArguments));
            return PrivateRedisServer.startNew(redisServer.get(), arguments);
        }
        if (dockerAvailable()) {
            return ContainerRedis.createWithModule(module, serverArguments);
        }
        throw new IllegalStateException(NO_REDIS_HELP);
    }

    /** The module's file, as the build names it in the {@value #MODULE_PROPERTY} system property. */
    public static Path orderflowModule() {
        String configured = System.getProperty(MODULE_PROPERTY);
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("set the system property " + MODULE_PROPERTY
                    + " to Orderflow's Redis module (event-bus/redis-module/target/orderflow-redis-module.so)");
        }
        Path module = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isReadable(module)) {
            throw new IllegalStateException("Orderflow's Redis module is not built at " + module
                    + ": build it with ./mvnw -pl event-bus/redis-module compile (it needs a C compiler, cc)");
        }
        return module;
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
