package io.orderflow.bus.handler;

import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.domain.EventTypes;
import io.quarkus.arc.Arc;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The service's {@link EventHandler} methods by event type, found at build time by the
 * extension's deployment module. Calls the bean's method for an event of that type.
 */
public class HandlerCatalog {

    /** One handler method as the build found it (class names, for the recorder). */
    public record Declaration(String beanClass, String method, String eventClass) {
    }

    private final Map<String, Handler> byType;

    public HandlerCatalog(List<Declaration> declarations) {
        Map<String, Handler> handlers = new LinkedHashMap<>();
        for (Declaration d : declarations) {
            Handler handler = Handler.of(d);
            Handler previous = handlers.putIfAbsent(handler.eventType(), handler);
            if (previous != null) {
                throw new IllegalStateException("two @EventHandler methods for " + handler.eventType() + ": "
                        + previous + " and " + handler);
            }
        }
        this.byType = Collections.unmodifiableMap(handlers);
    }

    /** The wire names of the event types this service handles, i.e. subscribes to. */
    public Set<String> eventTypes() {
        return byType.keySet();
    }

    public Optional<Handler> handlerFor(String eventType) {
        return Optional.ofNullable(byType.get(eventType));
    }

    public boolean isEmpty() {
        return byType.isEmpty();
    }

    /** A handler method of a bean. */
    public static final class Handler {
        private final Class<?> beanClass;
        private final Method method;
        private final String eventType;

        private Handler(Class<?> beanClass, Method method, String eventType) {
            this.beanClass = beanClass;
            this.method = method;
            this.eventType = eventType;
        }

        static Handler of(Declaration d) {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class<?> beanClass = Class.forName(d.beanClass(), false, loader);
                Class<?> eventClass = Class.forName(d.eventClass(), false, loader);
                Method method = beanClass.getDeclaredMethod(d.method(), eventClass);
                method.setAccessible(true);
                return new Handler(beanClass, method, EventTypes.nameOf(eventClass));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load @EventHandler " + d, e);
            }
        }

        public String eventType() {
            return eventType;
        }

        /** Calls the handler; what the handler throws comes out unwrapped. */
        public void handle(Event event) throws Exception {
            Object bean = Arc.container().instance(beanClass).get();
            try {
                method.invoke(bean, event);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }

        @Override
        public String toString() {
            return beanClass.getName() + "#" + method.getName();
        }
    }
}
