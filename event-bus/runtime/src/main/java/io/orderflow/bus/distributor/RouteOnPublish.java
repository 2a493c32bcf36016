package io.orderflow.bus.distributor;

import io.orderflow.bus.publish.PublishRouting;
import io.orderflow.bus.queue.QueueKeys;
import io.orderflow.bus.queue.Queues;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Routing inside the publisher's transaction: {@link RouteNewScript} runs right after the
 * transaction's appends, as this instance's distributor, so the events are copied to their
 * subscribers' queues and acknowledged in the step that published them. Nothing else changes:
 * the script reads whatever is new in {@code all-group} (older entries first, should a backlog
 * wait), each entry still goes to one reader of the group, and what the script leaves takes the
 * distributor's Java path. A distributor waiting in the group is not woken for entries already
 * read this way.
 */
public final class RouteOnPublish implements PublishRouting {

    private static final Logger LOG = Logger.getLogger(RouteOnPublish.class);

    private final Queues queues;
    private final Distributor distributor;
    private final String consumer;
    private final boolean trail;

    public RouteOnPublish(Queues queues, Distributor distributor, String consumer, boolean trail) {
        this.queues = queues;
        this.distributor = distributor;
        this.consumer = consumer;
        this.trail = trail;
    }

    @Override
    public void prepare() {
        RouteNewScript.SCRIPT.load(queues.redis());
    }

    @Override
    public String[] command(int events) {
        QueueKeys central = queues.keys().central();
        return RouteNewScript.SCRIPT.evalsha(List.of(central.stream()),
                List.of(queues.keys().prefix(), central.group(), consumer, String.valueOf(events), trail ? "1" : ""));
    }

    @Override
    public void settle(Response reply) {
        try {
            if (reply == null || reply.type() == ResponseType.ERROR) {
                onBlockingThread(() -> routingFailed(reply));
                return;
            }
            RoutedBatch batch = RoutedBatch.of(reply);
            if (batch.left().isEmpty()) {
                distributor.settle(batch);
            } else {
                onBlockingThread(() -> distributor.settle(batch));
            }
        } catch (RuntimeException e) {
            // Entries read but not settled stay pending for this consumer: claimed after claim-idle.
            LOG.warnf("could not settle the entries routed on publish: %s", e);
        }
    }

    /**
     * Runs work that calls Redis and waits: right here on a worker, on a worker of the pool when
     * called on an event loop (which must never wait). Counting a routed batch needs neither.
     */
    private static void onBlockingThread(Runnable work) {
        if (!Context.isOnEventLoopThread()) {
            work.run();
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warnf("could not settle the entries routed on publish: %s", e);
            }
        });
    }

    private void routingFailed(Response reply) {
        String error = String.valueOf(reply);
        if (error.startsWith("NOSCRIPT")) {
            // A restarted or flushed Redis: the entries wait in the group for a distributor; the next publication routes.
            prepare();
        } else {
            LOG.debugf("routing on publish failed, the distributor routes instead: %s", error);
        }
    }
}
