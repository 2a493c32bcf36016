package io.orderflow.bus.handler;

import io.orderflow.eventmodel.domain.Event;
import io.orderflow.eventmodel.domain.EventTypes;
import io.quarkus.arc.Arc;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

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
        private final boolean returnsUni;

        private Handler(Class<?> beanClass, Method method, String eventType) {
            this.beanClass = beanClass;
            this.method = method;
            this.eventType = eventType;
            this.returnsUni = Uni.class.isAssignableFrom(method.getReturnType());
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

        /**
         * Whether the method returns a {@code Uni}: it only starts its work, which is done when
         * the Uni completes, and it must not block the thread that calls it (an event loop).
         */
        public boolean returnsUni() {
            return returnsUni;
        }

        /**
         * Calls the handler and waits for it; what the handler throws comes out unwrapped. A
         * handler that returns a Uni is awaited on this thread.
         */
        public void handle(Event event) throws Exception {
            Object result = invoke(event);
            if (returnsUni) {
                awaited(uniOf(result));
            }
        }

        /**
         * Starts the handler: the Uni completes when the handling is done, or fails with what the
         * handler threw or its Uni failed with. Never throws.
         */
        public Uni<Void> handleAsync(Event event) {
            Object result;
            try {
                result = invoke(event);
            } catch (InvocationTargetException e) {
                // What invoke leaves wrapped: an Error the handler threw.
                return Uni.createFrom().failure(e.getCause());
            } catch (Exception e) {
                return Uni.createFrom().failure(e);
            }
            return returnsUni ? uniOf(result) : Uni.createFrom().voidItem();
        }

        /** Calls the method on the bean; an exception the handler threw comes out unwrapped. */
        private Object invoke(Event event) throws Exception {
            try {
                return method.invoke(Arc.container().instance(beanClass).get(), event);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }

        private Uni<Void> uniOf(Object result) {
            if (result == null) {
                return Uni.createFrom().failure(new IllegalStateException(this + " returned null instead of a Uni"));
            }
            return ((Uni<?>) result).replaceWithVoid();
        }

        private static void awaited(Uni<Void> uni) throws Exception {
            try {
                uni.await().indefinitely();
            } catch (CompletionException e) {
                // Mutiny wraps checked failures; the consumer wants the handler's own exception.
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
