package io.orderflow.bus.runtime;

import io.orderflow.bus.config.EventBusConfig;
import io.orderflow.bus.handler.HandlerCatalog;
import io.orderflow.bus.ops.OperationsAccess;
import io.orderflow.bus.ops.OperationsHandler;
import io.orderflow.bus.queue.Queues;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.annotations.Recorder;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Carries what the build found into the running application. */
@Recorder
public class EventBusRecorder {

    /** The handler catalog from the build's {@code @EventHandler} methods (class, method, event class, in threes). */
    public Supplier<HandlerCatalog> handlerCatalog(List<String> flatDeclarations) {
        return () -> {
            List<HandlerCatalog.Declaration> declarations = new ArrayList<>();
            for (int i = 0; i + 2 < flatDeclarations.size(); i += 3) {
                declarations.add(new HandlerCatalog.Declaration(flatDeclarations.get(i), flatDeclarations.get(i + 1),
                        flatDeclarations.get(i + 2)));
            }
            return new HandlerCatalog(declarations);
        };
    }

    public Handler<RoutingContext> operationsHandler(LaunchMode launchMode) {
        EventBusConfig.Operations ops = Arc.container().instance(EventBusConfig.class).get().operations();
        OperationsAccess access = new OperationsAccess(ops.enabled(), ops.token().filter(t -> !t.isBlank()),
                launchMode.isDevOrTest());
        return new OperationsHandler(Arc.container().instance(Queues.class).get(), access);
    }
}
