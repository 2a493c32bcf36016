package io.orderflow.bus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.bus.distributor.Distributor;
import io.orderflow.harness.redis.TestRedis;
import io.orderflow.harness.redis.TestRedisSource;
import io.quarkus.test.QuarkusUnitTest;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The distributor's scenarios on a plain Redis: the Lua script routes new entries. */
class DistributorTest extends DistributorScenarios {

    static final TestRedis REDIS = TestRedisSource.start();

    @RegisterExtension
    static final QuarkusUnitTest APP = app(REDIS, "distributor-test");

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Test
    void withoutTheRedisModuleTheScriptRoutesTheBacklog() {
        publisher.publish(TestEvents.shipped("order-1"));
        Distributor distributor = distributor("d1", Duration.ofSeconds(30));

        distributor.distributeOnce();

        assertThat(distributor.routedByModule()).isEqualTo(Optional.of(false));
        assertThat(eventIds("sub:b")).hasSize(1);
    }
}
