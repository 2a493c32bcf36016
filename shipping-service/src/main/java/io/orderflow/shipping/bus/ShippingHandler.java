package io.orderflow.shipping.bus;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.shipping.config.ShippingConfig;
import io.orderflow.shipping.domain.Carrier;
import io.orderflow.shipping.domain.Shipment;
import io.orderflow.shipping.domain.TrackingNumbers;
import io.orderflow.shipping.store.ShipmentStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Ships every paid order, once. Failed payments get no shipment. */
public class ShippingHandler {

    private final ShipmentStore shipments;
    private final ShippingConfig config;

    ShippingHandler(ShipmentStore shipments, ShippingConfig config) {
        this.shipments = shipments;
        this.config = config;
    }

    /** Called on the event loop that delivered the payment: it records the shipment without waiting for Redis. */
    @EventHandler
    Uni<Void> onPaymentProcessed(PaymentProcessedEvent payment) {
        if (!payment.succeeded()) {
            return Uni.createFrom().voidItem();
        }
        if (config.delay().isZero()) {
            return ship(payment);
        }
        // Shipping takes a while: not for an order already shipped. Without that wait,
        // recordOnce's own check is enough, and a read here would only add a round trip.
        // The simulated wait is a demo's, so its check runs on a worker.
        return Uni.createFrom().item(() -> shipments.find(payment.orderId()).isPresent())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(shipped -> shipped ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(config.delay()).chain(() -> ship(payment)));
    }

    private Uni<Void> ship(PaymentProcessedEvent payment) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return shipments.recordOnce(new Shipment(payment.orderId(), TrackingNumbers.next(random), Carrier.pick(random),
                Shipment.SHIPPED, Instant.now())).replaceWithVoid();
    }
}
