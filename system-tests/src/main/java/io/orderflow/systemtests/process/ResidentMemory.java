package io.orderflow.systemtests.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Memory of a process as Linux reports it in {@code /proc/<pid>/status}: resident set size now
 * (VmRSS) and its peak since start (VmHWM).
 */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** Bytes resident now, or empty where there is no {@code /proc} (not Linux) or no such process. */
    public static OptionalLong of(long pid) {
        return field(pid, "VmRSS:");
    }

    /** The highest resident size the process has had. */
    public static OptionalLong peakOf(long pid) {
        return field(pid, "VmHWM:");
    }

    /** Threads of the process (a number, not bytes; read from the same file). */
    public static OptionalLong threadsOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("Threads:".length()).strip()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(name)) {
                    // e.g. "VmRSS:	  123456 kB"
                    String kilobytes = line.substring(name.length()).replace("kB", "").strip();
                    return OptionalLong.of(Long.parseLong(kilobytes) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
