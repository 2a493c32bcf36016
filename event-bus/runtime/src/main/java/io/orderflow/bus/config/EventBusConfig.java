package io.orderflow.bus.config;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * The event bus's configuration, prefix {@code orderflow.bus}. Every property is documented in
 * {@code event-bus/README.md}.
 */
@ConfigMapping(prefix = "orderflow.bus")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface EventBusConfig {

    /** Prefix of every Redis key the bus uses; LeanMQ's EventBus uses {@code events:}. */
    @WithDefault("events:")
    String keyPrefix();

    /**
     * The name of this service: its queue is {@code sub:<service-name>}. Defaults to
     * {@code quarkus.application.name}.
     */
    Optional<String> serviceName();

    /**
     * The consumer name of this instance within its groups. Must be stable across restarts of
     * the same instance and differ between instances; defaults to the host (pod) name.
     */
    Optional<String> consumerName();

    /** The central distributor. */
    Distributor distributor();

    /** The consumer of this service's queue. */
    Consumer consumer();

    /** Retries of failed handlers. */
    Retry retry();

    /** How long an entry may sit unacknowledged with a silent consumer before a live one claims it. */
    @WithDefault("30s")
    Duration claimIdle();

    /** How long a service remembers the event ids it has handled, to drop redeliveries. */
    @WithDefault("24h")
    Duration dedupRetention();

    /**
     * Length above which acknowledged entries are trimmed from the bus's streams. Only entries
     * every group has acknowledged are removed, so trimming never loses an event.
     */
    @WithDefault("100000")
    long streamMaxLength();

    /** How often queue gauges, trimming, expiry clean-up and subscription refresh run. */
    @WithDefault("5s")
    Duration maintenanceInterval();

    /** Pause after a Redis error before trying again; doubles up to {@code reconnect-max-backoff}. */
    @WithDefault("100ms")
    Duration reconnectBackoff();

    /** The longest pause between two attempts to reach Redis. */
    @WithDefault("5s")
    Duration reconnectMaxBackoff();

    /** The operations endpoints under {@code /q/event-bus}. */
    Operations operations();

    /** The trail of each event through the bus (publication, distribution, handling times). */
    Trail trail();

    interface Trail {
        /**
         * Whether to record when each event was published, copied to each queue and handled
         * there, by order: what {@code EventTrail} reads to show an order's journey.
         */
        @WithDefault("true")
        boolean enabled();

        /** How long a trail is kept. */
        @WithDefault("24h")
        Duration retention();
    }

    interface Distributor {
        /** Whether this instance runs a distributor. Any number may run at once. */
        @WithDefault("true")
        boolean enabled();

        /** Entries read from {@code events:all} per round trip. */
        @WithDefault("500")
        int batchSize();

        /** How long one read waits for new entries. */
        @WithDefault("1s")
        Duration block();

        /**
         * Whether a publication made in this instance also routes the new entries of
         * {@code events:all}, in the publishing transaction itself, whether or not this instance
         * runs a distributor (one must still run somewhere, for other publishers and for claims).
         */
        @WithDefault("true")
        boolean routeOnPublish();

        /**
         * Whether a backlog is routed by the {@code ORDERFLOW.ROUTE} command when Redis has
         * Orderflow's module loaded (event-bus/redis-module), for a sixth of the Redis instructions
         * the Lua script spends per event. Without the module, or with this off, the script routes it.
         */
        @WithDefault("true")
        boolean redisModule();
    }

    interface Consumer {
        /** Whether this instance consumes its service's queue. */
        @WithDefault("true")
        boolean enabled();

        /** Entries read per round trip. */
        @WithDefault("50")
        int batchSize();

        /**
         * Handlers running at once in this instance. A handler that returns a Uni holds no thread
         * while Redis answers, and the more of them wait at once, the more of their commands share
         * one write on the bus's pipelined connection.
         */
        @WithDefault("64")
        int concurrency();

        /** How long one read waits for new entries. */
        @WithDefault("1s")
        Duration block();

        /** How long graceful shutdown waits for running handlers. */
        @WithDefault("10s")
        Duration shutdownTimeout();
    }

    interface Retry {
        /** Deliveries of one entry, the first included, before it is dead-lettered. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; each further wait is multiplied by {@code multiplier}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Factor between two successive waits. */
        @WithDefault("2.0")
        double multiplier();

        /** The longest wait between two attempts. */
        @WithDefault("10s")
        Duration maxBackoff();
    }

    interface Operations {
        /**
         * Token the operations endpoints ({@code /q/event-bus/...}) require as
         * {@code Authorization: Bearer <token>}. Without one they are open in dev and test mode
         * and switched off in production.
         */
        Optional<String> token();

        /** Switches the operations endpoints off in every mode. */
        @WithName("enabled")
        @WithDefault("true")
        boolean enabled();
    }
}
