package io.orderflow.systemtests.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Kills, when this JVM exits, every service process still running, so that a failed or aborted
 * test run never leaves a service behind holding a port and consuming a queue.
 */
final class ProcessReaper {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "orderflow-service-reaper"));
    }

    private ProcessReaper() {
    }

    static void watch(Process process) {
        RUNNING.add(process);
    }

    static void forget(Process process) {
        RUNNING.remove(process);
    }

    private static void killAll() {
        for (Process process : RUNNING) {
            process.destroyForcibly();
        }
        for (Process process : RUNNING) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
