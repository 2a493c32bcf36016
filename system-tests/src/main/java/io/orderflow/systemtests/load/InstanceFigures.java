package io.orderflow.systemtests.load;

import io.orderflow.systemtests.process.ResidentMemory;
import io.orderflow.systemtests.process.ServiceProcess;
import java.time.Duration;

/** What the driver measured of one service process: time to ready, memory now and at peak, threads. */
record InstanceFigures(String name, Duration timeToReady, long residentBytes, long peakResidentBytes, long threads) {

    static InstanceFigures of(ServiceProcess instance) {
        long pid = instance.pid();
        return new InstanceFigures(instance.name(), instance.timeToReady(), ResidentMemory.of(pid).orElse(-1),
                ResidentMemory.peakOf(pid).orElse(-1), ResidentMemory.threadsOf(pid).orElse(-1));
    }

    double residentMegabytes() {
        return residentBytes / (1024.0 * 1024.0);
    }

    double peakResidentMegabytes() {
        return peakResidentBytes / (1024.0 * 1024.0);
    }
}
