package io.orderflow.order.api;

import java.util.List;

/** A page of GET /orders; pass {@code next_cursor} as {@code cursor} for the next one (null at the end). */
public record OrderPage(List<OrderView> orders, int count, String nextCursor) {
}
