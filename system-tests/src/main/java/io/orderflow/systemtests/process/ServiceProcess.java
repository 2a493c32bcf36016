package io.orderflow.systemtests.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One service instance as an OS process: {@code java -jar quarkus-run.jar} run directly (no shell,
 * so {@link #pid()} is the JVM's and a kill reaches it), configured only through its environment,
 * its output appended to {@code <log dir>/<name>.log}. It can be stopped gracefully (SIGTERM),
 * killed (SIGKILL) and started again with the same port and environment.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final ServiceJar jar;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path logFile;
    private Process process;
    private long startedNanos;
    private Duration timeToReady;

    /**
     * @param name        the instance's name, unique in a run: its log file and, by the caller's choice, its consumer name
     * @param environment variables on top of this JVM's environment, from which every {@code QUARKUS_*} and
     *                    {@code ORDERFLOW_*} is removed first so that the caller's shell cannot change the system under test
     */
    public ServiceProcess(String name, ServiceJar jar, int port, Map<String, String> environment, List<String> jvmOptions,
            Path logDirectory) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFile = logDirectory.resolve(name + ".log");
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path logFile() {
        return logFile;
    }

    /** The JVM's process id. */
    public synchronized long pid() {
        requireStarted();
        return process.pid();
    }

    /** The executable the operating system runs under {@link #pid()}: the {@code java} binary itself, not a shell. */
    public synchronized Optional<String> command() {
        requireStarted();
        return process.info().command();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the process; {@link #awaitReady} then waits until it serves. */
    public synchronized ServiceProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.path().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.path().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("QUARKUS_") || key.startsWith("ORDERFLOW_"));
        env.putAll(environment);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "=== " + Instant.now() + " starting " + name + " on port " + port + ": "
                    + String.join(" ", command) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            timeToReady = null;
            startedNanos = System.nanoTime();
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " from " + jar.path(), e);
        }
        ProcessReaper.watch(process);
        return this;
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 and returns the time from process start to
     * then. Fails, with the end of the log, if the process exits or the timeout passes first.
     */
    public Duration awaitReady(Duration timeout) {
        Process watched;
        long started;
        synchronized (this) {
            requireStarted();
            watched = process;
            started = startedNanos;
        }
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!watched.isAlive()) {
                throw new IllegalStateException(name + " exited with " + watched.exitValue() + " before it was ready:\n" + logTail(40));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                    synchronized (this) {
                        timeToReady = elapsed;
                    }
                    return elapsed;
                }
            } catch (IOException notListeningYet) {
                // Still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s:\n" + logTail(40));
    }

    /** Time from process start to ready, once {@link #awaitReady} has seen it. */
    public synchronized Duration timeToReady() {
        if (timeToReady == null) {
            throw new IllegalStateException(name + " has not been seen ready since its last start");
        }
        return timeToReady;
    }

    /** Resident memory of the JVM now (empty if it is gone or there is no /proc). */
    public synchronized OptionalLong residentMemory() {
        return isAlive() ? ResidentMemory.of(process.pid()) : OptionalLong.empty();
    }

    /** The JVM's peak resident memory since it started. */
    public synchronized OptionalLong peakResidentMemory() {
        return isAlive() ? ResidentMemory.peakOf(process.pid()) : OptionalLong.empty();
    }

    /** Graceful stop: SIGTERM, so Quarkus shuts down (consumers finish their handlers); SIGKILL if it hangs. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        await(GRACEFUL_STOP);
        if (process.isAlive()) {
            process.destroyForcibly();
            await(GRACEFUL_STOP);
        }
        forget();
    }

    /** kill -9: the JVM dies at once, leaving whatever it was handling pending in Redis, as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        await(GRACEFUL_STOP);
        forget();
    }

    /** The last lines the process wrote, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + logFile + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " (port " + port + (process != null ? ", pid " + process.pid() : "") + ")";
    }

    private void await(Duration duration) {
        try {
            process.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void forget() {
        if (!process.isAlive()) {
            ProcessReaper.forget(process);
        }
        process = null;
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException(name + " is not started");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
