package io.orderflow.harness.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a plain JUnit test class a real Redis of its own: {@code @ExtendWith(RedisExtension.class)}
 * and a {@link TestRedis} parameter on a test, a constructor or a lifecycle method. One server per
 * test class, closed when the class is done.
 */
public class RedisExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static TestRedis server(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("redis", key -> new ClosingTestRedis(TestRedisSource.start()), ClosingTestRedis.class)
                .redis();
    }

    /** Lets JUnit close the server with the store it lives in. */
    private record ClosingTestRedis(TestRedis redis) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            redis.close();
        }
    }
}
