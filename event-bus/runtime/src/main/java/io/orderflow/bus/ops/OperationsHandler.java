package io.orderflow.bus.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.bus.queue.QueueInfo;
import io.orderflow.bus.queue.QueueMessage;
import io.orderflow.bus.queue.Queues;
import io.orderflow.eventmodel.json.EventCodec;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bus's operations endpoints, under {@code /q/event-bus}:
 * <pre>
 * GET    /queues                              every queue and DLQ with its counts
 * GET    /queues/{queue}/dlq?from=-&amp;count=100 the DLQ's entries
 * POST   /queues/{queue}/dlq/{id}/requeue     requeue one entry
 * POST   /queues/{queue}/dlq/requeue          requeue every entry
 * DELETE /queues/{queue}/dlq/{id}             delete one entry
 * </pre>
 * {@code {queue}} is the queue's name, e.g. {@code sub:payment-service} or {@code all}.
 */
public class OperationsHandler implements Handler<RoutingContext> {

    private static final Pattern QUEUES = Pattern.compile("/queues/?");
    private static final Pattern DLQ = Pattern.compile("/queues/([^/]+)/dlq/?");
    private static final Pattern REQUEUE_ALL = Pattern.compile("/queues/([^/]+)/dlq/requeue/?");
    private static final Pattern REQUEUE_ONE = Pattern.compile("/queues/([^/]+)/dlq/([0-9]+-[0-9]+)/requeue/?");
    private static final Pattern ONE = Pattern.compile("/queues/([^/]+)/dlq/([0-9]+-[0-9]+)/?");
    private static final int MAX_COUNT = 1000;

    private final Queues queues;
    private final OperationsAccess access;

    public OperationsHandler(Queues queues, OperationsAccess access) {
        this.queues = queues;
        this.access = access;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<OperationsAccess.Denial> denial = access.check(ctx.request().getHeader("Authorization"));
        if (denial.isPresent()) {
            error(ctx, denial.get().status(), denial.get().error(), denial.get().message());
            return;
        }
        String path = subPath(ctx);
        HttpMethod method = ctx.request().method();
        try {
            Matcher m;
            if (method == HttpMethod.GET && QUEUES.matcher(path).matches()) {
                json(ctx, 200, queues(queues.listQueues()));
            } else if (method == HttpMethod.GET && (m = DLQ.matcher(path)).matches()) {
                listDlq(ctx, decode(m.group(1)));
            } else if (method == HttpMethod.POST && (m = REQUEUE_ALL.matcher(path)).matches()) {
                int requeued = queues.requeueAll(known(decode(m.group(1))));
                json(ctx, 200, object().put("requeued", requeued));
            } else if (method == HttpMethod.POST && (m = REQUEUE_ONE.matcher(path)).matches()) {
                Optional<String> id = queues.requeue(known(decode(m.group(1))), m.group(2));
                if (id.isPresent()) {
                    json(ctx, 200, object().put("requeued", 1).put("id", id.get()));
                } else {
                    error(ctx, 404, "not_found", "no entry " + m.group(2) + " in the DLQ of " + decode(m.group(1)));
                }
            } else if (method == HttpMethod.DELETE && (m = ONE.matcher(path)).matches()) {
                long deleted = queues.deleteFromDlq(known(decode(m.group(1))), m.group(2));
                if (deleted > 0) {
                    json(ctx, 200, object().put("deleted", deleted));
                } else {
                    error(ctx, 404, "not_found", "no entry " + m.group(2) + " in the DLQ of " + decode(m.group(1)));
                }
            } else {
                error(ctx, 404, "not_found", "no operation " + method + " " + path
                        + " (see GET queues, GET queues/{queue}/dlq, POST .../requeue, DELETE queues/{queue}/dlq/{id})");
            }
        } catch (UnknownQueueException e) {
            error(ctx, 404, "unknown_queue", e.getMessage());
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "bad_request", e.getMessage());
        } catch (RuntimeException e) {
            error(ctx, 503, "redis_unavailable", "Redis did not answer: " + e.getMessage());
        }
    }

    private void listDlq(RoutingContext ctx, String queue) {
        String from = Optional.ofNullable(ctx.request().getParam("from")).orElse("-");
        int count = parseCount(ctx.request().getParam("count"));
        if (!from.equals("-") && !from.matches("[0-9]+(-[0-9]+)?")) {
            throw new IllegalArgumentException("'from' must be a stream id such as 1795446578273-0, or '-'");
        }
        List<QueueMessage> entries = queues.dlqEntries(known(queue), from, count);
        ObjectNode body = object().put("queue", queue).put("dlq", queues.keys().queue(queue).dlq());
        ArrayNode list = body.putArray("entries");
        for (QueueMessage m : entries) {
            ObjectNode entry = list.addObject().put("id", m.id());
            if (m.isReadable()) {
                entry.set("data", m.data());
            } else {
                entry.put("raw", m.rawData());
            }
        }
        json(ctx, 200, body);
    }

    private String known(String queue) {
        String stream = queues.keys().queue(queue).stream();
        if (queues.redis().execute("SISMEMBER", queues.keys().registry(), stream).toLong() == 0) {
            throw new UnknownQueueException("no queue " + queue + " (" + stream + ") in " + queues.keys().registry());
        }
        return queue;
    }

    private static int parseCount(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int count = Integer.parseInt(value);
            if (count < 1 || count > MAX_COUNT) {
                throw new IllegalArgumentException("'count' must be between 1 and " + MAX_COUNT);
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'count' must be a whole number");
        }
    }

    private ObjectNode queues(List<QueueInfo> infos) {
        ObjectNode body = object();
        ArrayNode list = body.putArray("queues");
        for (QueueInfo q : infos) {
            list.addObject()
                    .put("name", q.name())
                    .put("is_dlq", q.isDlq())
                    .put("message_count", q.messageCount())
                    .put("consumer_group", q.consumerGroup())
                    .put("pending_messages", q.pendingMessages())
                    .put("lag", q.lag())
                    .put("created_at", q.createdAt());
        }
        return body;
    }

    private static String subPath(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        int at = path.indexOf("/event-bus");
        return at < 0 ? path : path.substring(at + "/event-bus".length());
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static ObjectNode object() {
        return EventCodec.INSTANCE.mapper().createObjectNode();
    }

    private static void json(RoutingContext ctx, int status, ObjectNode body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(EventCodec.INSTANCE.write(body));
    }

    static void error(RoutingContext ctx, int status, String error, String message) {
        json(ctx, status, object().put("error", error).put("message", message));
    }

    private static final class UnknownQueueException extends RuntimeException {
        UnknownQueueException(String message) {
            super(message);
        }
    }
}
