package io.orderflow.order.store;

import io.orderflow.order.domain.OrderStatus;

/** Redis keys of the order store. */
final class OrderKeys {

    private OrderKeys() {
    }

    static String order(String orderId) {
        return "orders:" + orderId;
    }

    static String all() {
        return "orders:index:all";
    }

    static String byStatus(OrderStatus status) {
        return "orders:index:status:" + status.wireName();
    }

    static String byUser(String userId) {
        return "orders:index:user:" + userId;
    }

    static String idempotency(String key) {
        return "orders:idempotency:" + key;
    }
}
