package io.orderflow.order.bus;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.bus.handler.RejectedEventException;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.order.domain.Order;
import io.orderflow.order.domain.OrderProgress;
import io.orderflow.order.store.OrderStore;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.function.Function;

/** The order follows its payment and its shipment. */
public class OrderEventHandlers {

    private final OrderStore orders;

    OrderEventHandlers(OrderStore orders) {
        this.orders = orders;
    }

    @EventHandler
    Uni<Void> onPaymentProcessed(PaymentProcessedEvent payment) {
        return apply(payment.orderId(), order -> OrderProgress.afterPayment(order, payment));
    }

    @EventHandler
    Uni<Void> onOrderShipped(OrderShippedEvent shipment) {
        return apply(shipment.orderId(), order -> OrderProgress.afterShipment(order, shipment));
    }

    /**
     * Moves the order on without holding a thread: the handlers return the store's Uni, so the
     * bus starts them on the event loop that delivered the event.
     */
    private Uni<Void> apply(String orderId, Function<Order, Optional<OrderProgress.Change>> progress) {
        return orders.update(orderId, progress)
                .onFailure(OrderProgress.Conflict.class).transform(e -> new RejectedEventException(e.getMessage()))
                .invoke(outcome -> {
                    if (outcome == OrderStore.Update.MISSING) {
                        // As the reference does: an event about an order nobody knows is dead-lettered.
                        throw new RejectedEventException("Order " + orderId + " not found");
                    }
                })
                .replaceWithVoid();
    }
}
