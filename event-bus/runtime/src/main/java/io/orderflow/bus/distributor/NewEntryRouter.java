package io.orderflow.bus.distributor;

import io.orderflow.bus.queue.QueueKeys;
import io.orderflow.bus.queue.Queues;
import io.orderflow.bus.queue.RedisErrors;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads and routes one batch of new central entries inside Redis: through {@code ORDERFLOW.ROUTE}
 * when the server has Orderflow's Redis module loaded (event-bus/redis-module), through
 * {@link RouteNewScript} otherwise. Both take the same arguments, apply the same rules and answer
 * alike; the module spends a sixth of the script's Redis instructions per event, and Redis's time
 * is what a backlog drains at.
 */
public class NewEntryRouter {

    static final String MODULE_COMMAND = "ORDERFLOW.ROUTE";
    /** How long the script stands in after the server said it has no module: one loaded later is taken up then. */
    static final Duration MODULE_RECHECK = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(NewEntryRouter.class);

    private final Queues queues;
    private final boolean moduleEnabled;
    private final Clock clock;
    private volatile Instant scriptUntil = Instant.EPOCH;
    private volatile Boolean lastUsedModule;

    /** A router that takes the module whenever the server has it. */
    public NewEntryRouter(Queues queues) {
        this(queues, true, Clock.systemUTC());
    }

    public NewEntryRouter(Queues queues, boolean moduleEnabled, Clock clock) {
        this.queues = queues;
        this.moduleEnabled = moduleEnabled;
        this.clock = clock;
    }

    /** Reads up to {@code count} new entries for {@code consumer} and routes those it can; see {@link RoutedBatch}. */
    public RoutedBatch route(String consumer, int count, boolean trail) {
        return routeAsync(consumer, count, trail).await().indefinitely();
    }

    /** {@link #route} without a waiting thread, on the bus's pipelined connection. */
    public Uni<RoutedBatch> routeAsync(String consumer, int count, boolean trail) {
        QueueKeys central = queues.keys().central();
        List<String> args = List.of(queues.keys().prefix(), central.group(), consumer, String.valueOf(count),
                trail ? "1" : "");
        if (!moduleEnabled || clock.instant().isBefore(scriptUntil)) {
            return byScript(central, args);
        }
        List<String> line = new ArrayList<>(1 + args.size());
        line.add(central.stream());
        line.addAll(args);
        return queues.executeAsync(MODULE_COMMAND, line.toArray(String[]::new))
                .map(reply -> noted(RoutedBatch.of(reply), true))
                .onFailure(RedisErrors::isUnknownCommand).recoverWithUni(() -> {
                    scriptUntil = clock.instant().plus(MODULE_RECHECK);
                    return byScript(central, args);
                });
    }

    private Uni<RoutedBatch> byScript(QueueKeys central, List<String> args) {
        return RouteNewScript.SCRIPT.runAsync(queues::executeAsync, List.of(central.stream()), args)
                .map(reply -> noted(RoutedBatch.of(reply), false));
    }

    /** Whether the last batch went through the Redis module; empty before the first batch. */
    public Optional<Boolean> lastUsedModule() {
        return Optional.ofNullable(lastUsedModule);
    }

    private RoutedBatch noted(RoutedBatch batch, boolean module) {
        Boolean before = lastUsedModule;
        if (before == null || before != module) {
            lastUsedModule = module;
            LOG.infof(module ? "routing new entries with the Redis module's %s"
                    : "routing new entries with the Lua script (%s not loaded in Redis, or turned off)", MODULE_COMMAND);
        }
        return batch;
    }
}
