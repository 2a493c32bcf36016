package io.orderflow.systemtests.load;

import io.orderflow.harness.redis.RespConnection;

/**
 * How many orders are in each status, read from order-service's status indexes in Redis
 * ({@code orders:index:status:<status>}, one sorted set each): exact and cheap at any rate, where
 * counting through GET /orders would page through every order.
 */
final class OrderStatusCounts {

    private static final String INDEX = "orders:index:status:";

    private final RespConnection redis;

    OrderStatusCounts(RespConnection redis) {
        this.redis = redis;
    }

    /** Orders that are shipped or whose payment failed: the pipeline is done with them. */
    long finished() {
        return count("shipped") + count("payment_failed");
    }

    /** Orders still on their way: created or paid. */
    long unfinished() {
        return count("created") + count("paid");
    }

    private long count(String status) {
        return redis.callForLong("ZCARD", INDEX + status);
    }
}
