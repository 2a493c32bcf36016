package io.orderflow.systemtests.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runnable jar of a service module, as {@code quarkus:build} leaves it:
 * {@code <module>/target/quarkus-app/quarkus-run.jar} in this repository.
 */
public record ServiceJar(String module, Path path) {

    /** Set by failsafe to the repository root, so that tests find the jars from any working directory. */
    public static final String ROOT_PROPERTY = "orderflow.repository.root";

    /** The module's jar; fails, saying how to build it, when it is not there. */
    public static ServiceJar of(String module) {
        Path jar = repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar").normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No runnable jar of " + module + " at " + jar + ". Build the services first: "
                    + "./mvnw -pl system-tests -am verify (or package -DskipTests) packages them before this module.");
        }
        return new ServiceJar(module, jar);
    }

    /** The repository root: the failsafe property, else the nearest directory up from here holding the service modules. */
    public static Path repositoryRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("order-service/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Orderflow repository from " + Path.of("").toAbsolutePath()
                + ": run from inside it or set -D" + ROOT_PROPERTY + "=<repository root>");
    }
}
