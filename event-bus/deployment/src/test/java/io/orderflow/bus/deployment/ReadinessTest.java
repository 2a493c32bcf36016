package io.orderflow.bus.deployment;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.orderflow.bus.publish.EventPublisher;
import io.orderflow.harness.redis.PrivateRedisServer;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Readiness follows Redis: DOWN while it is stopped, UP again when it is back, with no restart. */
class ReadinessTest {

    /**
     * The application's Redis. QuarkusUnitTest loads this class twice (JUnit's and the
     * application's class loader), so its port travels in a system property and the test stops
     * and starts the server by address rather than through this field.
     */
    private static final String PORT_PROPERTY = "orderflow.readiness-test.redis-port";
    static final PrivateRedisServer REDIS = startOnce();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "readiness-test", RecordingHandlers.class, TestEvents.class)
            .overrideConfigKey("quarkus.redis.timeout", "2s");

    @Inject
    EventPublisher publisher;

    private static PrivateRedisServer revived;

    private static PrivateRedisServer startOnce() {
        if (System.getProperty(PORT_PROPERTY) != null) {
            return null;
        }
        PrivateRedisServer server = PrivateRedisServer.startNew();
        System.setProperty(PORT_PROPERTY, String.valueOf(server.port()));
        return server;
    }

    @AfterAll
    static void stopRedis() {
        if (revived != null) {
            revived.close();
        }
        if (REDIS != null) {
            REDIS.close();
        }
    }

    @Test
    void readinessIsDownWhileRedisIsStoppedAndUpAfterItComesBack() {
        int port = Integer.getInteger(PORT_PROPERTY);
        awaitReadiness(200, "UP");
        given().get("/q/health/live").then().statusCode(200);

        PrivateRedisServer.shutdownNoSave("127.0.0.1", port);
        awaitReadiness(503, "DOWN");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        revived = PrivateRedisServer.startNewOnPort(port);
        awaitReadiness(200, "UP");

        // The restarted Redis kept nothing: registration and groups come back by themselves.
        publisher.publish(TestEvents.created("after-outage"));
        await().atMost(Duration.ofSeconds(20)).until(() -> RecordingHandlers.HANDLED.contains("after-outage"));
    }

    private static void awaitReadiness(int status, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(status).body("status", equalTo(state)));
    }
}
