package io.orderflow.bus.deployment;

import io.orderflow.bus.consumer.ServiceConsumer;
import io.orderflow.bus.handler.EventHandler;
import io.orderflow.bus.handler.HandlerCatalog;
import io.orderflow.bus.health.EventBusLivenessCheck;
import io.orderflow.bus.health.EventBusReadinessCheck;
import io.orderflow.bus.runtime.EventBusLifecycle;
import io.orderflow.bus.runtime.EventBusProducers;
import io.orderflow.bus.runtime.EventBusRecorder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.AutoAddScopeBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.arc.processor.BuiltinScope;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigurationDefaultBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveMethodBuildItem;
import io.quarkus.vertx.http.deployment.NonApplicationRootPathBuildItem;
import io.quarkus.vertx.http.deployment.RouteBuildItem;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;

class EventBusProcessor {

    static final String FEATURE = "orderflow-event-bus";
    static final DotName EVENT_HANDLER = DotName.createSimple(EventHandler.class);

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    AdditionalBeanBuildItem beans() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClasses(EventBusProducers.class, EventBusLifecycle.class, EventBusReadinessCheck.class,
                        EventBusLivenessCheck.class)
                .setUnremovable()
                .build();
    }

    /** The bus holds a blocking read per loop plus one connection per running handler. */
    @BuildStep
    void redisPoolDefaults(BuildProducer<RunTimeConfigurationDefaultBuildItem> defaults) {
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.redis.max-pool-size", "32"));
        defaults.produce(new RunTimeConfigurationDefaultBuildItem("quarkus.redis.max-pool-waiting", "1024"));
    }

    /** Classes with handler methods become singletons when they declare no scope. */
    @BuildStep
    AutoAddScopeBuildItem handlerClassesAreBeans() {
        return AutoAddScopeBuildItem.builder()
                .containsAnnotations(EVENT_HANDLER)
                .defaultScope(BuiltinScope.SINGLETON)
                .unremovable()
                .reason("declares @EventHandler methods")
                .build();
    }

    @BuildStep
    HandlerMethodsBuildItem findHandlers(CombinedIndexBuildItem index) {
        List<HandlerMethod> handlers = new ArrayList<>();
        for (AnnotationInstance annotation : index.getIndex().getAnnotations(EVENT_HANDLER)) {
            MethodInfo method = annotation.target().asMethod();
            handlers.add(HandlerMethod.of(method));
        }
        return new HandlerMethodsBuildItem(handlers);
    }

    /** A handler whose parameter is not one event type fails the build, saying which and why. */
    @BuildStep
    void validateHandlers(HandlerMethodsBuildItem handlers, BuildProducer<ValidationErrorBuildItem> errors) {
        List<String> problems = new ArrayList<>();
        handlers.methods().forEach(h -> h.problem().ifPresent(problems::add));
        problems.addAll(HandlerMethod.duplicates(handlers.methods()));
        for (String problem : problems) {
            errors.produce(new ValidationErrorBuildItem(new IllegalStateException(problem)));
        }
    }

    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void handlerCatalog(HandlerMethodsBuildItem handlers, EventBusRecorder recorder,
            BuildProducer<SyntheticBeanBuildItem> beans, BuildProducer<UnremovableBeanBuildItem> unremovable,
            BuildProducer<ReflectiveMethodBuildItem> reflective) {
        List<String> flat = new ArrayList<>();
        for (HandlerMethod h : handlers.methods()) {
            if (h.problem().isEmpty()) {
                flat.add(h.declaringClass());
                flat.add(h.name());
                flat.add(h.parameterType());
                reflective.produce(new ReflectiveMethodBuildItem("@EventHandler", h.method()));
            }
        }
        beans.produce(SyntheticBeanBuildItem.configure(HandlerCatalog.class)
                .scope(Singleton.class)
                .unremovable()
                .supplier(recorder.handlerCatalog(flat))
                .done());
        unremovable.produce(UnremovableBeanBuildItem.beanTypes(ServiceConsumer.class));
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    RouteBuildItem operationsEndpoints(NonApplicationRootPathBuildItem nonApplication, EventBusRecorder recorder,
            LaunchModeBuildItem launchMode) {
        return nonApplication.routeBuilder()
                .route("event-bus/*")
                .handler(recorder.operationsHandler(launchMode.getLaunchMode()))
                .blockingRoute()
                .displayOnNotFoundPage("Event bus operations (queues, dead-letter queues)")
                .build();
    }
}
