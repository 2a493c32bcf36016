package io.orderflow.harness.redis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/** A {@code redis:7} container, used where Docker runs but redis-server is not installed. */
final class ContainerRedis implements TestRedis {

    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;

    private ContainerRedis(GenericContainer<?> container) {
        this.container = container;
    }

    static ContainerRedis create() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(REDIS_PORT);
        container.start();
        return new ContainerRedis(container);
    }

    /** A redis:7 container that loads the given module file, with more redis-server arguments. */
    static ContainerRedis createWithModule(Path module, String... serverArguments) {
        String inContainer = "/usr/local/lib/redis/" + module.getFileName();
        List<String> command = new ArrayList<>(List.of("redis-server", "--loadmodule", inContainer));
        command.addAll(List.of(serverArguments));
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7"))
                .withExposedPorts(REDIS_PORT)
                .withCopyFileToContainer(MountableFile.forHostPath(module), inContainer)
                .withCommand(command.toArray(String[]::new));
        container.start();
        return new ContainerRedis(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(REDIS_PORT);
    }

    @Override
    public String description() {
        return "redis:7 container " + container.getContainerId();
    }

    @Override
    public void close() {
        container.stop();
    }
}
