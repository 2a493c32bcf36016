package io.orderflow.payment.bus;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.payment.config.PaymentConfig;
import io.orderflow.payment.domain.ChargeSimulator;
import io.orderflow.payment.domain.Payment;
import io.orderflow.payment.store.PaymentStore;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Charges every new order, once. */
public class PaymentHandler {

    private final PaymentStore payments;
    private final PaymentConfig config;
    private final ChargeSimulator simulator;

    PaymentHandler(PaymentStore payments, PaymentConfig config) {
        this.payments = payments;
        this.config = config;
        this.simulator = new ChargeSimulator(config.successRate(), config.declinedCents(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @EventHandler
    void onOrderCreated(OrderCreatedEvent order) throws InterruptedException {
        if (!config.delay().isZero()) {
            // Charging takes a while: not for an order already paid. Without that wait, recordOnce's
            // own check is enough, and a read here would only add a round trip to every payment.
            if (payments.findByOrder(order.orderId()).isPresent()) {
                return;
            }
            Thread.sleep(config.delay());
        }
        Payment payment = new Payment("payment-" + UUID.randomUUID(), order.orderId(), order.total(),
                simulator.charge(order.total()), Instant.now());
        payments.recordOnce(payment);
    }
}
