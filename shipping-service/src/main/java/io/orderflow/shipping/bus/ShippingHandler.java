package io.orderflow.shipping.bus;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.eventmodel.domain.PaymentProcessedEvent;
import io.orderflow.shipping.config.ShippingConfig;
import io.orderflow.shipping.domain.Carrier;
import io.orderflow.shipping.domain.Shipment;
import io.orderflow.shipping.domain.TrackingNumbers;
import io.orderflow.shipping.store.ShipmentStore;
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

    @EventHandler
    void onPaymentProcessed(PaymentProcessedEvent payment) throws InterruptedException {
        if (!payment.succeeded()) {
            return;
        }
        if (!config.delay().isZero()) {
            // Shipping takes a while: not for an order already shipped. Without that wait,
            // recordOnce's own check is enough, and a read here would only add a round trip.
            if (shipments.find(payment.orderId()).isPresent()) {
                return;
            }
            Thread.sleep(config.delay());
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        shipments.recordOnce(new Shipment(payment.orderId(), TrackingNumbers.next(random), Carrier.pick(random),
                Shipment.SHIPPED, Instant.now()));
    }
}
