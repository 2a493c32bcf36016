package io.orderflow.systemtests;

import io.orderflow.systemtests.process.ServiceJar;
import java.nio.file.Path;

/** Where a test class's service processes write: {@code system-tests/target/system-tests/<TestClass>/<instance>.log}. */
final class SystemTestLogs {

    private SystemTestLogs() {
    }

    static Path of(Class<?> testClass) {
        return ServiceJar.repositoryRoot().resolve("system-tests/target/system-tests").resolve(testClass.getSimpleName());
    }
}
