package io.orderflow.bus.runtime;

import io.orderflow.bus.queue.BusKeys;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.domain.EventTypes;
import java.util.Set;

/**
 * Registers in Redis what this service consumes: its queue pair {@code sub:<service>} and its
 * queue's membership in {@code events:subscriptions:<type>} for every type it has a handler for
 * (and none other), plus the central queue when it runs a distributor. Routing lives in Redis, so
 * every distributor instance routes alike. Repeated by the maintenance task, which also restores
 * it after Redis lost its data.
 */
public class SubscriptionRegistrar {

    private final Queues queues;
    private final String service;
    private final Set<String> eventTypes;
    private final boolean distributor;

    public SubscriptionRegistrar(Queues queues, String service, Set<String> eventTypes, boolean distributor) {
        this.queues = queues;
        this.service = service;
        this.eventTypes = Set.copyOf(eventTypes);
        this.distributor = distributor;
    }

    public void register() {
        if (distributor) {
            queues.createQueuePair(BusKeys.CENTRAL_QUEUE);
        }
        if (eventTypes.isEmpty()) {
            return;
        }
        String queue = BusKeys.serviceQueueName(service);
        queues.createQueuePair(queue);
        for (String type : EventTypes.names()) {
            String key = queues.keys().subscriptions(type);
            queues.redis().execute(eventTypes.contains(type) ? "SADD" : "SREM", key, queue);
        }
    }

    public Set<String> eventTypes() {
        return eventTypes;
    }
}
