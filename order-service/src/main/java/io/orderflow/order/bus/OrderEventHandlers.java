package io.orderflow.order.bus;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.bus.handler.RejectedEventException;
import io.orderflow.eventmodel.domain.OrderShippedEvent;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.order.domain.OrderProgress;
import io.orderflow.order.store.OrderStore;

/** The order follows its payment and its shipment. */
public class OrderEventHandlers {

    private final OrderStore orders;

    OrderEventHandlers(OrderStore orders) {
        this.orders = orders;
    }

    @EventHandler
    void onPaymentProcessed(PaymentProcessedEvent payment) {
        apply(payment.orderId(), () -> orders.update(payment.orderId(), order -> OrderProgress.afterPayment(order, payment)));
    }

    @EventHandler
    void onOrderShipped(OrderShippedEvent shipment) {
        apply(shipment.orderId(), () -> orders.update(shipment.orderId(), order -> OrderProgress.afterShipment(order, shipment)));
    }

    private static void apply(String orderId, java.util.function.Supplier<OrderStore.Update> update) {
        OrderStore.Update outcome;
        try {
            outcome = update.get();
        } catch (OrderProgress.Conflict e) {
            throw new RejectedEventException(e.getMessage());
        }
        if (outcome == OrderStore.Update.MISSING) {
            // As the reference does: an event about an order nobody knows is dead-lettered.
            throw new RejectedEventException("Order " + orderId + " not found");
        }
    }
}
