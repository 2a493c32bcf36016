package io.orderflow.deploytests.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.deploytests.support.ComposeFile;
import io.orderflow.deploytests.support.RedisMemoryArguments;
import io.orderflow.deploytests.support.RepositoryRoot;
import io.orderflow.deploytests.support.ServiceConfiguration;
import io.orderflow.deploytests.support.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** compose.yaml runs what the issue asks for, configured with names the services understand. */
class ComposeFileTest {

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void runsRedisAndTheThreeServices() {
        assertThat(compose.serviceNames()).containsExactlyInAnyOrder("redis", "order-service", "payment-service",
                "shipping-service");
    }

    @Test
    void redisKeepsAnAppendOnlyFileOnAVolumeAndRequiresThePassword() {
        Map<String, Object> redis = compose.service("redis");

        assertThat(compose.image("redis")).isEqualTo("redis:7");
        String command = String.join(" ", compose.strings(redis.get("command")));
        assertThat(command).startsWith("redis-server").contains("--appendonly yes")
                .contains("--requirepass " + compose.dotEnv().get("REDIS_PASSWORD"));
        assertThat(compose.strings(redis.get("volumes"))).anySatisfy(volume -> {
            String name = volume.substring(0, volume.indexOf(':'));
            assertThat(volume).endsWith(":/data");
            assertThat(map(compose.root().get("volumes"))).containsKey(name);
        });
        assertThat(redis).containsKey("healthcheck").containsKey("restart");
        assertThat(memoryLimit(redis)).isNotBlank();
    }

    @Test
    void redisRefusesWritesWellBelowItsMemoryLimitAndNeverEvicts() {
        Map<String, Object> redis = compose.service("redis");
        String limit = memoryLimit(redis);
        assertThat(limit).as("compose's memory limit in MiB").matches("[0-9]+m");
        long limitBytes = Long.parseLong(limit.substring(0, limit.length() - 1)) * 1024 * 1024;
        RedisMemoryArguments.assertRefusesWritesWellBelow(compose.strings(redis.get("command")), limitBytes);
    }

    @Test
    void theDemoPasswordIsADocumentedDemoOnlyDefault() throws IOException {
        String dotEnv = Files.readString(RepositoryRoot.resolve(".env"));

        assertThat(compose.dotEnv()).containsOnlyKeys("REDIS_PASSWORD");
        assertThat(dotEnv).contains("DEMO ONLY");
        assertThat(compose.dotEnv().get("REDIS_PASSWORD")).contains("demo");
    }

    @Test
    void everyServiceIsBuiltFromItsDockerfileAndPublishedOnItsHostPort() {
        for (String service : Services.ALL) {
            Map<String, Object> definition = compose.service(service);
            int port = ServiceConfiguration.of(service).httpPort();

            assertThat(compose.image(service)).isEqualTo(Services.imageRepository(service) + ":latest");
            Map<String, Object> build = map(definition.get("build"));
            assertThat(build.get("context")).isEqualTo(".");
            assertThat(build.get("dockerfile")).isEqualTo(service + "/Dockerfile");
            assertThat(Files.isRegularFile(RepositoryRoot.resolve(service + "/Dockerfile"))).isTrue();
            assertThat(compose.ports(service)).containsExactly(Services.hostPort(service) + ":" + port);
        }
    }

    @Test
    void everyServiceIsHealthCheckedOnReadinessAndWaitsForWhatItNeeds() {
        for (String service : Services.ALL) {
            Map<String, Object> definition = compose.service(service);
            int port = ServiceConfiguration.of(service).httpPort();

            Map<String, Object> healthcheck = map(definition.get("healthcheck"));
            String test = String.join(" ", compose.strings(healthcheck.get("test")));
            assertThat(test).as(service + " healthcheck").contains("/q/health/ready").contains("/" + port)
                    .contains(" 200 ");
            Map<String, Object> dependsOn = map(definition.get("depends_on"));
            assertThat(dependsOn).as(service).containsKey("redis");
            dependsOn.values().forEach(condition ->
                    assertThat(map(condition).get("condition")).isEqualTo("service_healthy"));
            assertThat(definition.get("restart")).isEqualTo("unless-stopped");
            assertThat(memoryLimit(definition)).as(service + " memory limit").isNotBlank();
        }
        // The distributor routes an event to the queues subscribed when it arrives: payment and
        // shipping register before the first order can be placed.
        assertThat(map(compose.service("order-service").get("depends_on")))
                .containsKeys("payment-service", "shipping-service");
    }

    @Test
    void everyEnvironmentVariableIsOneTheServiceReads() {
        for (String service : Services.ALL) {
            ServiceConfiguration configuration = ServiceConfiguration.of(service);
            Map<String, String> environment = compose.environment(service);

            assertThat(environment.keySet()).as(service).isNotEmpty().allSatisfy(variable ->
                    assertThat(configuration.understands(variable))
                            .as("%s: %s is not the environment form of any property the service reads %s", service,
                                    variable, configuration.properties())
                            .isTrue());
            assertThat(environment).containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis:6379")
                    .containsEntry("QUARKUS_REDIS_PASSWORD", compose.dotEnv().get("REDIS_PASSWORD"));
        }
        assertThat(compose.environment("payment-service")).containsEntry("ORDERFLOW_PAYMENT_DELAY", "1.5s")
                .containsEntry("ORDERFLOW_PAYMENT_SUCCESS_RATE", "0.9");
        assertThat(compose.environment("shipping-service")).containsEntry("ORDERFLOW_SHIPPING_DELAY", "2s");
    }

    private static String memoryLimit(Map<String, Object> service) {
        Object deploy = service.get("deploy");
        if (deploy instanceof Map<?, ?> d && d.get("resources") instanceof Map<?, ?> r && r.get("limits") instanceof Map<?, ?> l) {
            return String.valueOf(l.get("memory"));
        }
        return String.valueOf(service.getOrDefault("mem_limit", ""));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
