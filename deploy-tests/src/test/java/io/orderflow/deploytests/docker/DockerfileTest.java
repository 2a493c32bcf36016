package io.orderflow.deploytests.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.deploytests.k8s.Overlay;
import io.orderflow.deploytests.support.RepositoryRoot;
import io.orderflow.deploytests.support.ServiceConfiguration;
import io.orderflow.deploytests.support.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The services' Dockerfiles: multi-stage, JDK build, JRE runtime as non-root, one shared build stage. */
class DockerfileTest {

    @Test
    void everyServiceHasAMultiStageDockerfileOnTheTemurinImages() throws IOException {
        for (String service : Services.ALL) {
            List<String> lines = lines(service);
            List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();

            assertThat(from).as(service).containsExactly("FROM eclipse-temurin:25-jdk AS build", "FROM eclipse-temurin:25-jre");
            assertThat(lines).as(service + ": a syntax directive needs a registry")
                    .noneMatch(l -> l.replace(" ", "").toLowerCase().startsWith("#syntax="));
            String text = String.join("\n", lines);
            assertThat(text).as(service + ": Maven's repository in a BuildKit cache")
                    .contains("RUN --mount=type=cache,id=orderflow-maven-repository,target=/root/.m2")
                    .contains("./mvnw");
            assertThat(text).contains("COPY --from=build /src/" + service + "/target/quarkus-app/ /deployments/");
            assertThat(lines).contains("EXPOSE " + ServiceConfiguration.of(service).httpPort());
        }
    }

    @Test
    void theRuntimeRunsAsTheNonRootUserTheKubernetesPodsDeclare() throws IOException {
        var pod = Overlay.load("dev");
        for (String service : Services.ALL) {
            List<String> users = lines(service).stream().filter(l -> l.startsWith("USER ")).toList();

            assertThat(users).as(service).hasSize(1);
            String[] user = users.get(0).substring("USER ".length()).split(":");
            long uid = Long.parseLong(user[0]);
            assertThat(uid).as("numeric and not root, so runAsNonRoot can check it").isPositive();
            var context = pod.deployment(service).getSpec().getTemplate().getSpec().getSecurityContext();
            assertThat(context.getRunAsUser()).isEqualTo(uid);
            assertThat(context.getRunAsGroup()).isEqualTo(Long.parseLong(user[1]));
        }
    }

    @Test
    void theBuildStageIsTheSameInAllThreeSoMavenRunsOnce() throws IOException {
        List<List<String>> stages = new ArrayList<>();
        for (String service : Services.ALL) {
            stages.add(buildStage(lines(service)));
        }

        assertThat(stages.get(0)).isNotEmpty();
        assertThat(stages).allSatisfy(stage -> assertThat(stage).isEqualTo(stages.get(0)));
        assertThat(String.join("\n", stages.get(0)))
                .contains("--projects event-bus/deployment,order-service,payment-service,shipping-service");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndHistory() throws IOException {
        List<String> ignored = Files.readAllLines(RepositoryRoot.resolve(".dockerignore"));

        assertThat(ignored).contains(".git", "**/target", "**/node_modules");
    }

    private static List<String> buildStage(List<String> lines) {
        List<String> stage = new ArrayList<>();
        boolean inside = false;
        for (String line : lines) {
            if (line.startsWith("FROM ")) {
                inside = line.endsWith(" AS build");
            }
            if (inside && !line.isBlank() && !line.startsWith("#")) {
                stage.add(line);
            }
        }
        return stage;
    }

    private static List<String> lines(String service) throws IOException {
        return Files.readAllLines(RepositoryRoot.resolve(service + "/Dockerfile")).stream().map(String::strip).toList();
    }
}
