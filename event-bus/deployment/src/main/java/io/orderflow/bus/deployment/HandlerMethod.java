package io.orderflow.bus.deployment;

import io.orderflow.eventmodel.domain.EventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

/** An {@code @EventHandler} method as found in the index, with what is wrong with it, if anything. */
record HandlerMethod(MethodInfo method, String declaringClass, String name, String parameterType, Optional<String> problem) {

    private static final String EXPECTED = "exactly one parameter whose type is an Orderflow event ("
            + EventTypes.names().stream().collect(Collectors.joining(", ")) + ")";

    private static final DotName UNI = DotName.createSimple("io.smallrye.mutiny.Uni");

    static HandlerMethod of(MethodInfo method) {
        String declaring = method.declaringClass().name().toString();
        String where = "@EventHandler method " + declaring + "#" + method.name();
        if (method.parametersCount() != 1) {
            return new HandlerMethod(method, declaring, method.name(), null, Optional.of(
                    where + " has " + method.parametersCount() + " parameters; it must have " + EXPECTED));
        }
        Type parameter = method.parameterType(0);
        String parameterType = parameter.name().toString();
        if (parameter.kind() != Type.Kind.CLASS || !isEventType(parameterType)) {
            return new HandlerMethod(method, declaring, method.name(), parameterType, Optional.of(
                    where + "(" + parameter + ") takes a " + parameter + "; it must have " + EXPECTED));
        }
        Type result = method.returnType();
        if (result.kind() != Type.Kind.VOID && !result.name().equals(UNI)) {
            return new HandlerMethod(method, declaring, method.name(), parameterType, Optional.of(
                    where + " returns " + result + "; it must return void, or a Uni that completes when the event is handled"));
        }
        if (java.lang.reflect.Modifier.isStatic(method.flags()) || java.lang.reflect.Modifier.isPrivate(method.flags())) {
            return new HandlerMethod(method, declaring, method.name(), parameterType, Optional.of(
                    where + " must be neither static nor private"));
        }
        return new HandlerMethod(method, declaring, method.name(), parameterType, Optional.empty());
    }

    /** Two handlers for one event type in one service: the bus would not know which to call. */
    static List<String> duplicates(List<HandlerMethod> methods) {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (HandlerMethod m : methods) {
            if (m.problem().isEmpty()) {
                byType.computeIfAbsent(m.parameterType(), t -> new ArrayList<>()).add(m.declaringClass() + "#" + m.name());
            }
        }
        List<String> problems = new ArrayList<>();
        byType.forEach((type, where) -> {
            if (where.size() > 1) {
                problems.add("several @EventHandler methods take " + type + ": " + String.join(", ", where)
                        + "; a service has one handler per event type");
            }
        });
        return problems;
    }

    private static boolean isEventType(String className) {
        try {
            return EventTypes.isEventType(Class.forName(className, false, HandlerMethod.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
