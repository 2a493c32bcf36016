package io.orderflow.bus.queue;

/** Every key name of the bus under one prefix: the queues and Orderflow's additions to LeanMQ. */
public record BusKeys(String prefix) {

    /** The central queue every service publishes to. */
    public static final String CENTRAL_QUEUE = "all";

    public QueueKeys queue(String name) {
        return new QueueKeys(prefix, name);
    }

    public QueueKeys central() {
        return queue(CENTRAL_QUEUE);
    }

    /** The queue of a service: {@code sub:<service>}. */
    public QueueKeys serviceQueue(String service) {
        return queue(serviceQueueName(service));
    }

    public static String serviceQueueName(String service) {
        return "sub:" + service;
    }

    public String registry() {
        return prefix + "registry";
    }

    /** Set of the queue names subscribed to an event type. */
    public String subscriptions(String eventType) {
        return prefix + "subscriptions:" + eventType;
    }

    /** Marker that a queue's consumers handled an event, kept for the dedup retention. */
    public String handled(String queueName, String eventId) {
        return prefix + "handled:" + queueName + ":" + eventId;
    }

    /** Hash of one event's trail: when it was published, distributed to each queue, handled there. */
    public String trail(String eventId) {
        return prefix + "trail:" + eventId;
    }

    /** Sorted set of the event ids of one order, by publication time. */
    public String orderTrail(String orderId) {
        return prefix + "order-trail:" + orderId;
    }

    /** Hash of counters the distributor keeps: events routed and events without subscribers, by type. */
    public String distributorStats() {
        return prefix + "stats:distributor";
    }
}
