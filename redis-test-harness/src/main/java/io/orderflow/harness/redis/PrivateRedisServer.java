package io.orderflow.harness.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process of the test's own: a free port on 127.0.0.1, a temporary
 * directory for its files, nothing shared with any other server. It can be stopped and started
 * again on the same port, to show how the code under test behaves while Redis is away.
 */
public final class PrivateRedisServer implements TestRedis {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final int START_ATTEMPTS = 3;

    private final Path executable;
    private final List<String> extraArguments;
    private final Path directory;
    private int port;
    private Process process;
    /** Kills the server when the JVM exits, so that no test run leaves a redis-server behind. */
    private final Thread killAtExit = new Thread(this::kill, "private-redis-server-exit");

    private PrivateRedisServer(Path executable, List<String> extraArguments, Path directory) {
        this.executable = executable;
        this.extraArguments = List.copyOf(extraArguments);
        this.directory = directory;
        Runtime.getRuntime().addShutdownHook(killAtExit);
    }

    /** Starts redis-server found on the PATH, with the given extra arguments (e.g. {@code --appendonly yes}). */
    public static PrivateRedisServer startNew(String... extraArguments) {
        Path executable = TestRedisSource.findOnPath("redis-server")
                .orElseThrow(() -> new IllegalStateException(TestRedisSource.NO_REDIS_HELP));
        return startNew(executable, List.of(extraArguments));
    }

    /** Starts redis-server from the PATH on the given port, e.g. to bring back a server a test shut down. */
    public static PrivateRedisServer startNewOnPort(int port, String... extraArguments) {
        Path executable = TestRedisSource.findOnPath("redis-server")
                .orElseThrow(() -> new IllegalStateException(TestRedisSource.NO_REDIS_HELP));
        PrivateRedisServer server = new PrivateRedisServer(executable, List.of(extraArguments), temporaryDirectory());
        server.port = port;
        server.spawn();
        return server;
    }

    /**
     * Shuts down whatever Redis listens at the address, without saving, and waits until it no
     * longer answers. Works across class loaders (a Quarkus test sees its own copy of static
     * fields), since it needs nothing but the address.
     */
    public static void shutdownNoSave(String host, int port) {
        RedisPing.shutdownNoSave(host, port);
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (RedisPing.answers(host, port) && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(20));
        }
    }

    static PrivateRedisServer startNew(Path executable) {
        return startNew(executable, List.of());
    }

    static PrivateRedisServer startNew(Path executable, List<String> extraArguments) {
        Path directory = temporaryDirectory();
        PrivateRedisServer server = new PrivateRedisServer(executable, extraArguments, directory);
        // A free port can be taken by someone else between probing and binding: try again then.
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            server.port = freePort();
            try {
                server.spawn();
                return server;
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        server.deleteDirectory();
        throw failure;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String description() {
        return "private redis-server on port " + port + " in " + directory;
    }

    public Path directory() {
        return directory;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public boolean canRestart() {
        return true;
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Kills the server without letting it save or flush anything, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public synchronized void start() {
        if (!isRunning()) {
            spawn();
        }
    }

    @Override
    public void close() {
        stop();
        deleteDirectory();
        try {
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (IllegalStateException alreadyExiting) {
            // The hook is running or about to: nothing to undo.
        }
    }

    private synchronized void spawn() {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--dir", directory.toString(),
                "--logfile", "redis.log",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--protected-mode", "no"));
        command.addAll(extraArguments);
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + executable + ": " + e.getMessage(), e);
        }
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                process = null;
                throw new IllegalStateException("redis-server on port " + port + " exited at start:\n" + logTail());
            }
            if (RedisPing.answers(host(), port)) {
                return;
            }
            sleep(Duration.ofMillis(20));
        }
        stop();
        throw new IllegalStateException("redis-server on port " + port + " did not answer within "
                + STARTUP_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String file : new String[] {"redis.out", "redis.log"}) {
            try {
                List<String> lines = Files.readAllLines(directory.resolve(file));
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> tail.append(l).append('\n'));
            } catch (IOException ignored) {
                // The log may not exist yet; whatever was written is shown.
            }
        }
        return tail.toString();
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("orderflow-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
