package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler whose parameter is not an event type, or whose result is neither void nor a Uni, fails
 * the build, naming the method and the rule.
 */
class BadHandlerSignatureTest {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = BusTestApps.app(REDIS, "bad-handler", StringHandler.class, TwoParameterHandler.class,
            StringReturningHandler.class)
            .assertException(error -> {
                Throwable root = error;
                StringBuilder messages = new StringBuilder();
                for (Throwable t = error; t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                    for (Throwable s : t.getSuppressed()) {
                        messages.append(s.getMessage()).append('\n');
                    }
                    root = t;
                }
                assertThat(messages.toString())
                        .contains("@EventHandler method " + StringHandler.class.getName() + "#on(java.lang.String) takes a java.lang.String")
                        .contains("it must have exactly one parameter whose type is an Orderflow event (OrderCreatedEvent, "
                                + "PaymentProcessedEvent, OrderShippedEvent)")
                        .contains("@EventHandler method " + TwoParameterHandler.class.getName() + "#on has 2 parameters")
                        .contains("@EventHandler method " + StringReturningHandler.class.getName()
                                + "#on returns java.lang.String; it must return void, or a Uni that completes when the event is handled");
                assertThat(root).isNotNull();
            });

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void theBuildFails() {
        fail("the application must not start with a bad @EventHandler");
    }

    public static class StringHandler {
        @EventHandler
        void on(String notAnEvent) {
        }
    }

    public static class StringReturningHandler {
        @EventHandler
        String on(io.orderflow.eventmodel.domain.PaymentProcessedEvent event) {
            return "a result nobody would wait for";
        }
    }

    public static class TwoParameterHandler {
        @EventHandler
        void on(io.orderflow.eventmodel.domain.OrderCreatedEvent event, String extra) {
        }
    }
}
