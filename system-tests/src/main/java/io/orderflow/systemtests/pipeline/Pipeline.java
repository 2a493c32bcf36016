package io.orderflow.systemtests.pipeline;

import io.orderflow.harness.redis.PrivateRedisServer;
import io.orderflow.systemtests.api.JsonHttp;
import io.orderflow.systemtests.api.OrderApi;
import io.orderflow.systemtests.api.PaymentApi;
import io.orderflow.systemtests.api.ShippingApi;
import io.orderflow.systemtests.process.FreePort;
import io.orderflow.systemtests.process.ServiceJar;
import io.orderflow.systemtests.process.ServiceJvm;
import io.orderflow.systemtests.process.ServiceProcess;
import io.orderflow.harness.redis.RespConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The whole system on this machine: a private redis-server and N instances of each service, each
 * a separate JVM started from its packaged jar, configured through its environment only. Closing
 * it stops every service and the Redis, whatever happened before.
 */
public final class Pipeline implements AutoCloseable {

    /** Simulation settings for tests: no delays and every payment succeeds (except totals ending in .13). */
    public static final Map<String, String> FAST_SIMULATION = Map.of(
            "ORDERFLOW_PAYMENT_DELAY", "0s",
            "ORDERFLOW_SHIPPING_DELAY", "0s",
            "ORDERFLOW_PAYMENT_SUCCESS_RATE", "1.0");

    private static final int START_ATTEMPTS = 3;

    private final PrivateRedisServer redis;
    private final Map<Service, List<ServiceProcess>> instances = new EnumMap<>(Service.class);
    private final JsonHttp http = new JsonHttp();
    private final Duration readyTimeout;

    private Pipeline(PrivateRedisServer redis, Duration readyTimeout) {
        this.redis = redis;
        this.readyTimeout = readyTimeout;
    }

    public static Builder builder(Path logDirectory) {
        return new Builder(logDirectory);
    }

    public PrivateRedisServer redis() {
        return redis;
    }

    /** A new connection to the pipeline's Redis; close it after use. */
    public RespConnection openRedis() {
        return new RespConnection(redis.host(), redis.port());
    }

    public List<ServiceProcess> instances(Service service) {
        return List.copyOf(instances.get(service));
    }

    public ServiceProcess instance(Service service, int index) {
        return instances.get(service).get(index);
    }

    public List<ServiceProcess> allInstances() {
        return instances.values().stream().flatMap(List::stream).toList();
    }

    public OrderApi orders() {
        return orders(0);
    }

    public OrderApi orders(int instance) {
        return new OrderApi(http, instance(Service.ORDER, instance).baseUri());
    }

    public PaymentApi payments() {
        return new PaymentApi(http, instance(Service.PAYMENT, 0).baseUri());
    }

    public ShippingApi shipping() {
        return new ShippingApi(http, instance(Service.SHIPPING, 0).baseUri());
    }

    public JsonHttp http() {
        return http;
    }

    /** Starts a stopped or killed instance again, same port and environment, and waits until it is ready. */
    public Duration restart(ServiceProcess instance) {
        instance.start();
        return instance.awaitReady(readyTimeout);
    }

    @Override
    public void close() {
        List<ServiceProcess> all = allInstances();
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            all.forEach(instance -> stopping.submit(instance::stop));
        }
        redis.close();
    }

    /** What to start: how many instances, their environment and JVM options. */
    public static final class Builder {

        private final Path logDirectory;
        private final Map<String, String> environment = new LinkedHashMap<>(FAST_SIMULATION);
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> redisArguments = new ArrayList<>();
        private int instancesOfEach = 1;
        private Duration readyTimeout = Duration.ofSeconds(120);
        private boolean oneAtATime;
        private Consumer<ServiceProcess> onReady = instance -> { };

        private Builder(Path logDirectory) {
            this.logDirectory = logDirectory;
            // The services run with the JVM options they are deployed with; env(...) may replace them.
            environment.put(ServiceJvm.VARIABLE, ServiceJvm.OPTIONS);
        }

        /** Every service instance gets this variable (on top of the Redis address, port and consumer name). */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** Extra redis-server arguments, e.g. {@code --appendonly yes}, after the private server's own. */
        public Builder redisArguments(String... arguments) {
            redisArguments.addAll(List.of(arguments));
            return this;
        }

        public Builder instancesOfEach(int count) {
            instancesOfEach = count;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            readyTimeout = timeout;
            return this;
        }

        /**
         * Starts the instances one after the other, each alone on the machine, so that each one's
         * time to ready is its own and not a share of a crowded start (slower overall).
         */
        public Builder oneAtATime() {
            oneAtATime = true;
            return this;
        }

        /** Called with each instance as soon as it is ready. */
        public Builder onReady(Consumer<ServiceProcess> callback) {
            onReady = callback;
            return this;
        }

        /** Starts Redis and every instance and returns once all are ready; on failure nothing is left running. */
        public Pipeline start() {
            Map<Service, ServiceJar> jars = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                jars.put(service, ServiceJar.of(service.module()));
            }
            Pipeline pipeline = new Pipeline(PrivateRedisServer.startNew(redisArguments.toArray(String[]::new)), readyTimeout);
            try {
                List<Runnable> starts = new ArrayList<>();
                for (Service service : Service.values()) {
                    List<ServiceProcess> ofService = new ArrayList<>();
                    pipeline.instances.put(service, ofService);
                    for (int i = 1; i <= instancesOfEach; i++) {
                        String name = service.module() + "-" + i;
                        int slot = i - 1;
                        ofService.add(null);
                        starts.add(() -> ofService.set(slot, startInstance(name, jars.get(service), pipeline)));
                    }
                }
                runAll(starts);
                return pipeline;
            } catch (RuntimeException | Error e) {
                pipeline.instances.values().forEach(list -> list.removeIf(Objects::isNull));
                pipeline.close();
                throw e;
            }
        }

        private void runAll(List<Runnable> starts) {
            if (oneAtATime) {
                starts.forEach(Runnable::run);
                return;
            }
            try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> started = starts.stream().<Future<?>>map(starting::submit).toList();
                for (Future<?> future : started) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while starting the pipeline", e);
                    }
                }
            }
        }

        /** Starts one instance on a free port; another port if that one was taken meanwhile. */
        private ServiceProcess startInstance(String name, ServiceJar jar, Pipeline pipeline) {
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("QUARKUS_REDIS_HOSTS", pipeline.redis.uri());
            // Several instances of a service share this host: each needs its own consumer name.
            env.put("ORDERFLOW_BUS_CONSUMER_NAME", name);
            for (int attempt = 1; ; attempt++) {
                ServiceProcess instance = new ServiceProcess(name, jar, FreePort.next(), env, jvmOptions, logDirectory);
                instance.start();
                try {
                    instance.awaitReady(readyTimeout);
                    onReady.accept(instance);
                    return instance;
                } catch (IllegalStateException e) {
                    instance.kill();
                    if (attempt >= START_ATTEMPTS || !e.getMessage().contains("already in use")) {
                        throw e;
                    }
                }
            }
        }
    }
}
