package io.orderflow.deploytests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where compose.yaml, the Dockerfiles and deploy/ live. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    /** From the system property {@code orderflow.root} (set by the pom), else the nearest parent holding compose.yaml. */
    public static Path get() {
        String configured = System.getProperty("orderflow.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("compose.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root: set -Dorderflow.root");
    }

    public static Path resolve(String relative) {
        return get().resolve(relative);
    }
}
