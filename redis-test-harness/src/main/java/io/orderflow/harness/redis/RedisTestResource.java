package io.orderflow.harness.redis;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real Redis of its own: add
 * {@code @QuarkusTestResource(RedisTestResource.class)} (or {@code @WithTestResource}). The
 * application's {@code quarkus.redis.hosts} points at it. A test field of type {@link TestRedis}
 * annotated with {@link InjectTestRedis} receives the server, e.g. to stop and restart it.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    private TestRedis redis;

    @Override
    public Map<String, String> start() {
        redis = TestRedisSource.start();
        return Map.of("quarkus.redis.hosts", redis.uri());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(redis,
                new TestInjector.AnnotatedAndMatchesType(InjectTestRedis.class, TestRedis.class));
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.close();
        }
    }
}
