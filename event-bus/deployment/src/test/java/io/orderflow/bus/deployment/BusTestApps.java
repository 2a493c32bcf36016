package io.orderflow.bus.deployment;

import io.orderflow.harness.redis.TestRedis;
import io.quarkus.test.QuarkusUnitTest;

/** A Quarkus application with the bus against a test's own Redis, for extension tests. */
final class BusTestApps {

    private BusTestApps() {
    }

    static QuarkusUnitTest app(TestRedis redis, String service, Class<?>... classes) {
        // In the application's class loader the test's static server fields are null: the
        // configuration was already taken from JUnit's copy.
        String uri = redis == null ? "redis://unused" : redis.uri();
        return new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(classes).addClasses(BusTestApps.class, LeanMqProbe.class, RoutingFixture.class,
                        QueueProbe.class)
                        .addAsResource("leanmq-probe.json"))
                .overrideConfigKey("quarkus.redis.devservices.enabled", "false")
                .overrideConfigKey("quarkus.redis.hosts", uri)
                .overrideConfigKey("quarkus.application.name", service)
                .overrideConfigKey("orderflow.bus.consumer-name", service + "-1")
                .overrideConfigKey("orderflow.bus.retry.initial-backoff", "50ms")
                .overrideConfigKey("orderflow.bus.retry.max-backoff", "200ms")
                .overrideConfigKey("orderflow.bus.claim-idle", "2s")
                .overrideConfigKey("orderflow.bus.maintenance-interval", "500ms")
                .overrideConfigKey("orderflow.bus.reconnect-max-backoff", "500ms")
                .overrideConfigKey("quarkus.log.category.\"io.orderflow\".level", "INFO");
    }
}
