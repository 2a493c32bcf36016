package io.orderflow.benchmarks.fanout;

import io.quarkus.redis.datasource.RedisDataSource;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The most XADDs per second the benchmarked Redis takes: redis-benchmark with 50 clients
 * pipelining 16 commands each, as the issue specifies. Fan-out cannot beat half of it with two
 * subscribers, since every event costs two XADDs.
 */
final class RawXaddCeiling {

    static final String KEY = "benchkey";
    private static final int REQUESTS = 200_000;
    private static final int CLIENTS = 50;
    private static final int PIPELINE = 16;
    private static final long TIMEOUT_SECONDS = 300;

    record Result(double opsPerSecond, String command) {
    }

    private final RedisEndpoint endpoint;
    private final RedisDataSource redis;

    RawXaddCeiling(RedisEndpoint endpoint, RedisDataSource redis) {
        this.endpoint = endpoint;
        this.redis = redis;
    }

    /** The ceiling: {@code XADD benchkey * f v}, a one-byte value. */
    Result measure() {
        return measure("f", "v");
    }

    /**
     * The same with the given field and value, e.g. a real entry: a value of a few hundred bytes
     * costs Redis far more than one byte, so this is the ceiling a fan-out of such entries faces.
     */
    Result measure(String field, String value) {
        Path executable = findOnPath("redis-benchmark").orElseThrow(() -> new IllegalStateException(
                "redis-benchmark is not on the PATH: install it (Debian/Ubuntu: apt-get install redis-tools)"));
        List<String> command = command(executable.toString(), field, value);
        String output = run(command);
        redis.execute("DEL", KEY);
        double ops = RedisBenchmarkOutput.requestsPerSecond(output).orElseThrow(() -> new IllegalStateException(
                "no 'requests per second' in the output of " + String.join(" ", command) + ":\n" + output));
        return new Result(ops, display(command, value));
    }

    private List<String> command(String executable, String field, String value) {
        List<String> command = new ArrayList<>(List.of(executable, "-h", endpoint.host(), "-p", String.valueOf(endpoint.port())));
        endpoint.password().ifPresent(p -> command.addAll(List.of("-a", p, "--no-auth-warning")));
        command.addAll(List.of("-n", String.valueOf(REQUESTS), "-c", String.valueOf(CLIENTS), "-P", String.valueOf(PIPELINE),
                "-q", "XADD", KEY, "*", field, value));
        return command;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Read before waiting: the output is small, but a full pipe would stall the child.
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-benchmark did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("redis-benchmark exited with " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redis-benchmark ran", e);
        }
    }

    /** The command as one would type it in a shell: the password hidden, the star quoted, a long value elided. */
    private static String display(List<String> command, String value) {
        List<String> shown = new ArrayList<>(command);
        shown.set(0, Path.of(command.get(0)).getFileName().toString());
        int password = shown.indexOf("-a");
        if (password >= 0) {
            shown.set(password + 1, "***");
        }
        if (value.length() > 16) {
            shown.set(shown.size() - 1, "'<" + value.length() + "-byte entry>'");
        }
        return shown.stream().map(part -> part.equals("*") ? "'*'" : part).collect(Collectors.joining(" "));
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
