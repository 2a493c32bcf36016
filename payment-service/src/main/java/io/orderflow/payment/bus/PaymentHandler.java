package io.orderflow.payment.bus;

import io.orderflow.bus.handler.EventHandler;
import io.orderflow.eventmodel.domain.OrderCreatedEvent;
import io.orderflow.payment.config.PaymentConfig;
import io.orderflow.payment.domain.ChargeSimulator;
import io.orderflow.payment.domain.Payment;
import io.orderflow.payment.store.PaymentStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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

    /** Called on the event loop that delivered the order: it records the payment without waiting for Redis. */
    @EventHandler
    Uni<Void> onOrderCreated(OrderCreatedEvent order) {
        if (config.delay().isZero()) {
            return charge(order);
        }
        // Charging takes a while: not for an order already paid. Without that wait, recordOnce's
        // own check is enough, and a read here would only add a round trip to every payment.
        // The simulated wait is a demo's, so its check runs on a worker.
        return Uni.createFrom().item(() -> payments.findByOrder(order.orderId()).isPresent())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(paid -> paid ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(config.delay()).chain(() -> charge(order)));
    }

    private Uni<Void> charge(OrderCreatedEvent order) {
        Payment payment = new Payment("payment-" + UUID.randomUUID(), order.orderId(), order.total(),
                simulator.charge(order.total()), Instant.now());
        return payments.recordOnce(payment).replaceWithVoid();
    }
}
