package io.orderflow.bus.distributor;

import io.orderflow.bus.queue.QueueKeys;
import io.orderflow.bus.queue.Queues;
import java.util.List;

/** Runs {@link RouteNewScript}: reads and routes one batch of new central entries inside Redis. */
public class NewEntryRouter {

    private final Queues queues;

    public NewEntryRouter(Queues queues) {
        this.queues = queues;
    }

    /** Reads up to {@code count} new entries for {@code consumer} and routes those it can; see {@link RoutedBatch}. */
    public RoutedBatch route(String consumer, int count, boolean trail) {
        QueueKeys central = queues.keys().central();
        return RoutedBatch.of(RouteNewScript.SCRIPT.run(queues.redis(), List.of(central.stream()),
                List.of(queues.keys().prefix(), central.group(), consumer, String.valueOf(count), trail ? "1" : "")));
    }
}
