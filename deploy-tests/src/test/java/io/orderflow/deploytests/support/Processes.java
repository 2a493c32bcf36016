package io.orderflow.deploytests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs external commands (kubectl, docker) with a time limit, capturing their output. */
public final class Processes {

    /** The outcome of a command: exit code and its combined stdout and stderr. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        public Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private Processes() {
    }

    /** Whether an executable of that name is on the PATH. */
    public static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }

    public static Result run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of(), null, line -> { });
    }

    /**
     * Runs the command in {@code directory} (the current one if null) with extra environment
     * variables, handing each output line to {@code lines} as it comes. Kills it after the timeout.
     */
    public static Result run(Duration timeout, List<String> command, Map<String, String> environment, Path directory,
            Consumer<String> lines) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(command, 127, "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    lines.accept(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "output of " + command.get(0));
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(5_000);
                synchronized (output) {
                    return new Result(command, 124, output + "\n(killed after " + timeout + ")");
                }
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        synchronized (output) {
            return new Result(command, process.exitValue(), output.toString());
        }
    }
}
