package io.orderflow.bus.deployment;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.inject.Inject;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A handler that writes to Redis, as every real one does. Its first call waits for the test's
 * go-ahead, so that the test can make Redis refuse writes while the event is being handled.
 */
public class StoreWritingHandlers {

    static final CountDownLatch FIRST_CALL_STARTED = new CountDownLatch(1);
    static final CountDownLatch PROCEED = new CountDownLatch(1);
    static final AtomicInteger CALLS = new AtomicInteger();

    @Inject
    RedisDataSource redis;

    @EventHandler
    void onOrderCreated(OrderCreatedEvent event) throws InterruptedException {
        if (CALLS.incrementAndGet() == 1) {
            FIRST_CALL_STARTED.countDown();
            PROCEED.await(30, TimeUnit.SECONDS);
        }
        redis.execute("SET", "written-by-handler:" + event.orderId(), "1");
    }
}
